/* libthb */
#include "th.h"
long tb_mix(long acc, long i, long t, long a, long b, long c, long d, long e)
{
    return mix(acc, i, t, a, b, c, d, e);
}
__attribute__((noinline)) unsigned long tb_local(void)
{
    volatile char c = 0;
    unsigned long x = (unsigned long)&c;
    __asm__ volatile("" : "+r"(x) : : "memory");
    return x;
}
