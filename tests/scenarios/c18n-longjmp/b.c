/* libjb */
#include <signal.h>
#include "lj.h"
int jb_down(int how, jmp_buf env)
{
    if (how == 3) jd_jump(env);
    jc_jump(how, env);
    return -1;
}
int jb_raise(int sig) { raise(sig); return -1; }
long jb_sum16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
              long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    return a1 + a2 * 2 + a3 * 3 + a4 * 4 + a5 * 5 + a6 * 6 + a7 * 7 + a8 * 8 + a9 * 9 + a10 * 10 +
           a11 * 11 + a12 * 12 + a13 * 13 + a14 * 14 + a15 * 15 + a16 * 16;
}
__attribute__((noinline)) unsigned long jb_local(void)
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}
