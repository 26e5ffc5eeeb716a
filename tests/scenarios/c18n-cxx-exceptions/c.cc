// libexc: the throwing compartment.
#include <cstdio>
#include <vector>
#include "ex.h"
CError::CError(const std::string &w, int c) : std::runtime_error(w), code(c) {}
CError::~CError() {}
void c_throw(int code) { throw CError("from libexc #" + std::to_string(code), code); }
void c_throw_int(int v) { throw v; }
void c_throw_std(unsigned idx) { std::vector<int> v{1, 2, 3}; std::printf("  libexc: at -> %d\n", v.at(idx)); }
long c16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9, long a10,
         long a11, long a12, long a13, long a14, long a15, long a16)
{
    return a1 + 2 * a2 + 3 * a3 + 4 * a4 + 5 * a5 + 6 * a6 + 7 * a7 + 8 * a8 + 9 * a9 + 10 * a10 +
           11 * a11 + 12 * a12 + 13 * a13 + 14 * a14 + 15 * a15 + 16 * a16;
}
__attribute__((noinline)) unsigned long c_local()
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}
