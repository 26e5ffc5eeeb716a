/* legit-own-sigsegv: the program's own SIGSEGV handler keeps working under isolation.  Faults
 * that are not capability checks reach it with the original siginfo: a page it mapped
 * PROT_NONE (touched by itself, then by a library it passes the page to), and a page of its
 * own data it made read-only.  The handler opens the page and the access is made again.
 * sigaction reads back exactly what the program installed. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int lib_touch(volatile char *p);

static char *guard;
static char data_page[4096] __attribute__((aligned(4096)));
static volatile int faults, wrong;

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    char *a = si->si_addr;
    faults++;
    if (sig != SIGSEGV || si->si_code != SEGV_ACCERR) wrong++;
    if (a >= guard && a < guard + 4096)
        mprotect(guard, 4096, PROT_READ | PROT_WRITE);
    else if (a >= data_page && a < data_page + sizeof data_page)
        mprotect(data_page, sizeof data_page, PROT_READ | PROT_WRITE);
    else
        _exit(3);
}

int main(void)
{
    struct sigaction sa, back;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGSEGV, NULL, &back);
    printf("sigaction reads back the handler: %s\n",
           back.sa_sigaction == handler && (back.sa_flags & SA_SIGINFO) ? "yes" : "no");

    guard = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    guard[10] = 'g';                       /* the program's own access */
    printf("own page: %c after %d fault(s)\n", guard[10], faults);
    mprotect(guard, 4096, PROT_NONE);
    printf("through the library: %c after %d fault(s)\n", lib_touch(guard + 10), faults);

    mprotect(data_page, sizeof data_page, PROT_READ);
    data_page[0] = 'd';                    /* its own data, made read-only */
    printf("own read-only data: %c after %d fault(s), wrong %d\n", data_page[0], faults, wrong);
    return 0;
}
