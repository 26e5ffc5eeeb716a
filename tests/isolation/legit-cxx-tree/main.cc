/* legit-cxx-tree: std::map and std::set on the program's stack, iterated by the program: the
 * out-of-line tree walks in libstdc++ climb from heap nodes back to the tree's header, which
 * lives in the program's frame (a pointer laid out at run time, reached from the node the
 * program passes).  Deep trees, and a walk that ends at end(). */
#include <cstdio>
#include <map>
#include <set>
#include <string>

int main()
{
    std::map<int, std::string> m;
    for (int i = 0; i < 5000; i++)
        m[(i * 7919) % 5000] = std::to_string(i);
    long sum = 0;
    for (auto it = m.begin(); it != m.end(); ++it)
        sum += it->first + (long)it->second.size();
    long back = 0;
    for (auto it = m.rbegin(); it != m.rend(); ++it)
        back += it->first;
    std::set<long> s;
    for (int i = 0; i < 3000; i++)
        s.insert((long)i * i % 10007);
    long ssum = 0;
    for (long v : s)
        ssum += v;
    std::printf("map of %zu: sum %ld, backwards %ld; set of %zu: sum %ld\n", m.size(), sum, back,
                s.size(), ssum);
    return 0;
}
