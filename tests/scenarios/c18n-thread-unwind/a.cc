// libtua: thread start routines.
#include <cstdio>
#include "tu.h"
namespace { struct G { const char *n; ~G() { if (!quiet) std::printf("  libtua: ~G(%s)\n", n); } }; }
int quiet;
void *ta_exit_start(void *arg) { G g{"exit"}; tb_exit((long)arg); return nullptr; }
void *ta_cancel_start(void *arg) { G g{"cancel"}; tb_block((int)(long)arg); return nullptr; }
void *ta_testcancel_start(void *arg) { G g{"testcancel"}; tb_spin((volatile int *)arg); return nullptr; }
__attribute__((noinline)) unsigned long ta_local()
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}
