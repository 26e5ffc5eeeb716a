/* libja */
#include "lj.h"
static jmp_buf a_env;
int ja_down(int how) { return jb_down(how, prog_env) + 1; }
int ja_setjmp_here(void)
{
    volatile int n = 0;
    if (setjmp(a_env)) return 100 + n;
    n = 5;
    jb_down(1, a_env);
    return -1;
}
int ja_callback(void) { return prog_cb() + 1; }
__attribute__((noinline)) unsigned long ja_local(void)
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}
