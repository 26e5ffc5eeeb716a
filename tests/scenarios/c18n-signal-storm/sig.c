/* libsig: installs the signal handler; the handler itself makes cross-compartment calls with
 * stack arguments (into libwork) and checks their results. */
#include <signal.h>
#include "storm.h"

volatile long sig_count, sig_bad;

long sig16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
           long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    return hash16(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16);
}

__attribute__((noinline)) unsigned long sig_local(void)
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}

static void handler(int sig)
{
    (void)sig;
    long n = sig_count + 1000;
    if (work16(ARGS16(n)) != hash16(ARGS16(n))) sig_bad++;
    if (workd12(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12) != 398574.0) sig_bad++;
    if (sig16(ARGS16(n)) != hash16(ARGS16(n))) sig_bad++; /* same compartment */
    sig_count++;
}

void sig_install(int sig)
{
    struct sigaction sa = {0};
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, 0);
}
