/* libtha */
#include "th.h"
long ta_step(long acc, long i, long t, long a, long b, long c, long d, long e)
{
    return tb_mix(acc, i, t, a, b, c, d, e) + 1;
}
__attribute__((noinline)) unsigned long ta_local(void)
{
    volatile char c = 0;
    unsigned long x = (unsigned long)&c;
    __asm__ volatile("" : "+r"(x) : : "memory");
    return x;
}
void *ta_thread(void *arg) { return (void *)run_thread((long)arg); }
