/*
 * cxxstart.cc: the C++ start-up benchmark program (build/bench/cxxstart, g++ -O2).  It is
 * small on purpose: what it measures is loading and initialising libstdc++ (iostream's
 * static initialisers, locale) and its dependencies, then a little work in a few standard
 * containers, then exit.  It prints one line: "cxxstart <checksum>".
 *
 * Must stay true: it uses iostream and std::vector, std::map, std::unordered_map,
 * std::string (so libstdc++ is really needed, not just linked), reads no input, and its
 * output is the same on every run.
 */
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

int main()
{
    std::vector<int> v;
    std::map<std::string, int> m;
    std::unordered_map<int, std::string> u;
    for (int i = 0; i < 1000; i++) {
        v.push_back(i * 7 % 1000);
        m["key" + std::to_string(i % 100)] += i;
        u[i % 50] += static_cast<char>('a' + i % 26);
    }
    long sum = 0;
    for (int x : v)
        sum += x;
    for (const auto &kv : m)
        sum += kv.second + static_cast<long>(kv.first.size());
    for (const auto &kv : u)
        sum += kv.first + static_cast<long>(kv.second.size());
    std::cout << "cxxstart " << sum << std::endl;
    return 0;
}
