/* libjc: jumps out. */
#include <signal.h>
#include "lj.h"
void jc_jump(int how, jmp_buf env)
{
    if (how == 2) _longjmp(env, 2);
    longjmp(env, 1);
}
static void handler(int sig) { siglongjmp(prog_senv, sig); }
void jc_install(int sig)
{
    struct sigaction sa = {0};
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, 0);
}
int jc_same_compartment(void)
{
    static jmp_buf env;
    volatile int k = 0;
    if (setjmp(env)) return k;
    k = 9;
    longjmp(env, 1);
}
__attribute__((noinline)) unsigned long jc_local(void)
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}
