// libtub: the middle compartment.
#include <cstdio>
#include <pthread.h>
#include "tu.h"
namespace { struct G { const char *n; ~G() { if (!quiet) std::printf("  libtub: ~G(%s)\n", n); } }; }
void tb_exit(long code) { G g{"exit"}; tc_exit(code); }
void tb_block(int fd) { G g{"block"}; tc_block(fd); }
void tb_spin(volatile int *ready)
{
    G g{"spin"};
    *ready = 1;
    for (;;) pthread_testcancel();
}
__attribute__((noinline)) unsigned long tb_local()
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}
