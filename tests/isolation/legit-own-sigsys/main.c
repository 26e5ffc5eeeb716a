/* tests/isolation: the program's own SIGSYS handler under isolation (the loader keeps SIGSYS
 * for its system-call filter): installed and read back, reached by raise(3) with the sender's
 * si_code, and by the program's own seccomp filter (its trap's data, its result in %rax). */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

static volatile int got_code = -99, got_data = -99, got_nr = -1;

static void on_sys(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    got_code = si->si_code;
    got_data = si->si_errno;
    if (si->si_code == 1) { /* SYS_SECCOMP: the trapped call returns what we say */
        got_nr = si->si_syscall;
        uc->uc_mcontext.gregs[REG_RAX] = 4242;
    }
}

int main(void)
{
    struct sigaction sa, back;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sys;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSYS, &sa, NULL) < 0 || sigaction(SIGSYS, NULL, &back) < 0)
        return 1;
    printf("handler reads back: %s\n", back.sa_sigaction == on_sys ? "yes" : "no");
    raise(SIGSYS);
    printf("raise: si_code %s\n", got_code == SI_TKILL ? "SI_TKILL" : "other");
    /* a filter of its own: getppid traps, with 42 as its data */
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP | 42),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof f / sizeof f[0], f };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
        perror("seccomp");
        return 1;
    }
    long r = getppid();
    printf("getppid under its own filter: %ld (si_code %d, data %d, call %s)\n", r, got_code,
           got_data, got_nr == SYS_getppid ? "getppid" : "other");
    return 0;
}
