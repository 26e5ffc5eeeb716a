/* c18n-signal-storm: loops of cross-compartment calls with stack arguments (program -> libwork,
 * program -> libsig, program -> libwork -> libsig) while signals whose handler lives in libsig
 * arrive at a high rate: first sent by another thread with pthread_kill, then by setitimer.
 * The handler calls into libwork and libsig itself.  Every result must stay correct, and
 * afterwards each library's stack top must be where it was (its compartment stack is
 * restored exactly).  Each loop runs until both a minimum number of iterations and of
 * handled signals is reached, so the output does not depend on timing. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>
#include "storm.h"

/* (tests/isolation/iso-signal-storm builds this program with fewer iterations, a pause in the
 * sender and a slower timer: a rate isolation's transitions can sustain) */
#ifndef MIN_ITER
#define MIN_ITER 200000
#endif
#ifndef MIN_SIGNALS
#define MIN_SIGNALS 3000
#endif
#ifndef TIMER_US
#define TIMER_US 20
#endif

static pthread_t main_thread;
static volatile int stop;

static void *sender(void *arg)
{
    (void)arg;
    while (!stop) {
        pthread_kill(main_thread, SIGUSR1);
#ifdef SENDER_PAUSE_US
        usleep(SENDER_PAUSE_US);
#endif
    }
    return NULL;
}

static long loop(long base)
{
    long bad = 0, start = sig_count;
    for (long i = 0; i < MIN_ITER || sig_count - start < MIN_SIGNALS; i++) {
        long n = base + i;
        long want = hash16(ARGS16(n));
        bad += work16(ARGS16(n)) != want;
        bad += sig16(ARGS16(n)) != want;
        bad += work_via_sig(n) != want + 1;
        bad += workd12(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (double)(n & 1023)) != 398562.0 + (n & 1023);
    }
    return bad;
}

int main(void)
{
    unsigned long w0 = work_local(), s0 = sig_local();
    main_thread = pthread_self();
    sig_install(SIGUSR1);
    sig_install(SIGALRM);

    /* 1: another thread sends SIGUSR1 as fast as it can */
    pthread_t t;
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, &old); /* the sender inherits SIGUSR1 blocked */
    pthread_create(&t, NULL, sender, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    long bad1 = loop(0);
    stop = 1;
    pthread_join(t, NULL);
    long c1 = sig_count;
    printf("pthread_kill storm: results of cross-compartment calls all correct: %s\n", bad1 ? "no" : "yes");
    printf("pthread_kill storm: handler ran at least %d times: %s\n", MIN_SIGNALS, c1 >= MIN_SIGNALS ? "yes" : "no");
    printf("pthread_kill storm: the handler's own cross-compartment calls all correct: %s\n", sig_bad ? "no" : "yes");
    printf("after the storm, libwork's and libsig's stack tops are unchanged: %s\n",
           work_local() == w0 && sig_local() == s0 ? "yes" : "no");

    /* 2: an interval timer fires SIGALRM every TIMER_US (20) microseconds */
    struct itimerval it = {{0, TIMER_US}, {0, TIMER_US}}, off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &it, NULL);
    long bad2 = loop(1L << 40);
    setitimer(ITIMER_REAL, &off, NULL);
    printf("setitimer storm: results of cross-compartment calls all correct: %s\n", bad2 ? "no" : "yes");
    printf("setitimer storm: handler ran at least %d times: %s\n", MIN_SIGNALS, sig_count - c1 >= MIN_SIGNALS ? "yes" : "no");
    printf("setitimer storm: the handler's own cross-compartment calls all correct: %s\n", sig_bad ? "no" : "yes");
    printf("after the storm, libwork's and libsig's stack tops are unchanged: %s\n",
           work_local() == w0 && sig_local() == s0 ? "yes" : "no");
    return 0;
}
