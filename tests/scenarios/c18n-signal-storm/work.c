/* libwork: callee compartment of the main loop and of the signal handler. */
#include "storm.h"
long work16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
            long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    return hash16(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16);
}
double workd12(double a1, double a2, double a3, double a4, double a5, double a6, double a7,
               double a8, double a9, double a10, double a11, double a12)
{
    return ((((((((((a1 * 3 + a2) * 3 + a3) * 3 + a4) * 3 + a5) * 3 + a6) * 3 + a7) * 3 + a8) * 3 +
              a9) * 3 + a10) * 3 + a11) * 3 + a12;
}
long work_via_sig(long i) { return sig16(ARGS16(i)) + 1; }
__attribute__((noinline)) unsigned long work_local(void)
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}
