/* libsrl: the callee compartment, and the signal handler. */
#include <signal.h>
#include "sr.h"
volatile long l_count, l_bad;
long l_leaf(long x) { return x * 2 + 1; }
static long hash16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8,
                   long a9, long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    long h = 0;
    H(a1); H(a2); H(a3); H(a4); H(a5); H(a6); H(a7); H(a8);
    H(a9); H(a10); H(a11); H(a12); H(a13); H(a14); H(a15); H(a16);
    return h;
}
static void handler(int sig)
{
    (void)sig;
    long n = l_count;
    if (c16(ARGS16(n)) != hash16(ARGS16(n))) l_bad++; /* libsrl -> libsrc */
    l_count++;
}
void l_install(int sig)
{
    struct sigaction sa = {0};
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, 0);
}
