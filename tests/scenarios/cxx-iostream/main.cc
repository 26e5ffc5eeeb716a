// iostreams in the program and in a library: std::cout shared (COPY-relocated _ZSt4cout),
// std::cerr, std::getline from stdin, std::map/std::string/std::ostringstream, fixed formatting.
#include "report.h"
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

int main()
{
    std::cout << "same cout object: " << (report_cout_address() == (const void *)&std::cout ? "yes" : "no")
              << '\n';
    std::map<std::string, int> counts;
    std::string line;
    int lines = 0;
    while (std::getline(std::cin, line)) {
        ++lines;
        std::istringstream is(line);
        std::string w;
        while (is >> w)
            ++counts[w];
    }
    std::cout << "read " << lines << " lines, eof=" << std::cin.eof() << '\n';
    report_print(counts);
    std::string s = report_format(counts);
    std::cout << "[main] formatted " << s.size() << " chars, first line: "
              << s.substr(0, s.find('\n')) << '\n';
    report_warn("this goes to stderr");
    std::cerr << "[main] cerr from program" << std::endl;
    report_mixed();
    std::printf("[main] printf after lib\n");
    std::ostringstream os;
    os << std::setw(6) << std::setfill('*') << 42 << '|' << std::hex << std::showbase << 255 << '|'
       << std::oct << 8 << '|' << std::dec << -7 << '|' << std::fixed << std::setprecision(1) << 2.25;
    std::cout << "[main] " << os.str() << std::endl;
    int parsed = 0;
    std::istringstream("  123abc") >> parsed;
    std::cout << "[main] parsed " << parsed << std::endl;
    return 0;
}
