// libexb: the middle compartment; its frames are unwound through.
#include <cstdio>
#include "ex.h"
namespace {
struct Guard {
    const char *n;
    explicit Guard(const char *n) : n(n) {}
    ~Guard() { if (!quiet) std::printf("  libexb: ~Guard(%s)\n", n); }
    static bool quiet;
};
bool Guard::quiet = false;
}
void b_call(int code)
{
    Guard g("b_call");
    Guard::quiet = code >= 1000; // a_loop's iterations
    c_throw(code);
}
void b_rethrow(int code)
{
    Guard g("b_rethrow");
    try {
        b_call(code);
    } catch (CError &e) {
        std::printf("  libexb: caught code %d, rethrowing\n", e.code);
        throw;
    }
}
void b_call_prog(int code)
{
    Guard g("b_call_prog");
    prog_throw(code);
}
__attribute__((noinline)) unsigned long b_local()
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}
