// libreport.so: std::cout/std::cerr/std::ostringstream/std::map used from a shared library.
#include "report.h"
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

const void *report_cout_address() { return &std::cout; }

std::string report_format(const std::map<std::string, int> &counts)
{
    std::ostringstream os;
    int total = 0;
    for (const auto &kv : counts) {
        os << std::left << std::setw(8) << kv.first << std::right << std::setw(4) << kv.second
           << " 0x" << std::hex << std::setfill('0') << std::setw(4) << kv.second * 4096
           << std::dec << std::setfill(' ') << '\n';
        total += kv.second;
    }
    os << "total=" << total << " ratio=" << std::fixed << std::setprecision(3)
       << (counts.empty() ? 0.0 : double(total) / counts.size()) << '\n';
    return os.str();
}

void report_print(const std::map<std::string, int> &counts)
{
    std::cout << "[lib] report of " << counts.size() << " words\n" << report_format(counts);
    std::cout << "[lib] sci=" << std::scientific << std::setprecision(2) << 12345.678
              << " bool=" << std::boolalpha << true << std::noboolalpha << std::defaultfloat
              << " float=" << 0.5 << std::endl;
}

void report_warn(const std::string &msg) { std::cerr << "[lib] warning: " << msg << std::endl; }

void report_mixed()
{
    std::printf("[lib] printf 1\n");
    std::cout << "[lib] cout 2\n";
    std::printf("[lib] printf 3\n");
    std::cout << "[lib] cout 4" << std::endl;
}
