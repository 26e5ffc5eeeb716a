/* c18n-longjmp: longjmp out of callee compartments: program -> libja -> libjb -> libjc, then
 * longjmp (and _longjmp, and __longjmp_chk from libjd) back to the program; setjmp in libja
 * with the longjmp in libjc; siglongjmp out of libjc's signal handler raised in libjb; a
 * longjmp from the program called back from libja, to main; setjmp/longjmp inside one
 * library; each repeated 10000 times (more than the trusted stack holds if frames leaked).
 * After each kind, every library's stack top must be unchanged (its compartment stack is
 * restored exactly) and calls with stack arguments must still work. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "lj.h"

jmp_buf prog_env;
sigjmp_buf prog_senv;
static jmp_buf cb_env;

int prog_cb(void) { longjmp(cb_env, 7); }

__attribute__((noinline)) static void tops(unsigned long t[3])
{
    t[0] = ja_local();
    t[1] = jb_local();
    t[2] = jc_local();
}
static unsigned long t0[3];
__attribute__((noinline)) static void check(const char *what)
{
    unsigned long t[3];
    tops(t);
    if (!what) {
        memcpy(t0, t, sizeof t);
        return;
    }
    long s = jb_sum16(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    printf("after %s: stack tops unchanged: %s, jb_sum16 = %ld\n", what,
           memcmp(t, t0, sizeof t) ? "no" : "yes", s);
}

static int once(int kind)
{
    volatile int r = -1;
    switch (kind) {
    case 0: /* longjmp */
    case 1: /* _longjmp */
    case 2: /* __longjmp_chk */
        if ((r = setjmp(prog_env)) == 0) r = ja_down(kind + 1) + 1000;
        break;
    case 3:
        r = ja_setjmp_here();
        break;
    case 4:
        if ((r = sigsetjmp(prog_senv, 1)) == 0) r = jb_raise(SIGUSR1) + 1000;
        break;
    case 5:
        if ((r = setjmp(cb_env)) == 0) r = ja_callback() + 1000;
        break;
    case 6:
        r = jc_same_compartment();
        break;
    }
    return r;
}

int main(void)
{
    static const char *what[] = {
        "longjmp from libjc to the program (through libja, libjb)",
        "_longjmp from libjc to the program",
        "__longjmp_chk from libjd to the program",
        "longjmp from libjc to libja's setjmp",
        "siglongjmp from libjc's handler (raised in libjb) to the program",
        "longjmp from the program, called back by libja, to main",
        "setjmp and longjmp inside libjc",
    };
    jc_install(SIGUSR1);
    check(NULL);
    for (int k = 0; k < 7; k++) {
        printf("%s: %d\n", what[k], once(k));
        check(what[k]);
    }
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("SIGUSR1 unblocked again after siglongjmp: %s\n", sigismember(&cur, SIGUSR1) ? "no" : "yes");
    for (int k = 0; k < 7; k++) {
        int first = once(k), same = 1;
        for (int i = 1; i < 10000; i++) same &= once(k) == first;
        printf("10000 times: %s: %s\n", what[k], same ? "same result" : "DIFFERENT");
    }
    check("the loops");
    return 0;
}
