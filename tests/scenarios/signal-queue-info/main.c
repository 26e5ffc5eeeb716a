/*
 * signal-queue-info: signals arriving while the program calls across compartments keep what
 * the kernel gives a handler.  2000 queued real-time signals, each with its own value, sent to
 * the main thread while it calls another library in a loop, all reach the handler exactly once
 * with their si_code, sender and value; a one-shot (SA_RESETHAND) handler runs once and reads
 * back as the default; sigaction reads back the handler and flags installed; sigset() and
 * sysv_signal() handlers run.  (With isolation, signals arriving inside a transition are
 * deferred to its end.)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#define NQUEUED 2000

long work(long x);
static volatile sig_atomic_t seen[NQUEUED], bad_info, oneshot_runs, plain_runs, sysv_runs;
static volatile int received;
static pthread_t main_thread;

static void on_queued(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    int v = si->si_value.sival_int;
    if (sig != SIGRTMIN + 1 || si->si_code != SI_QUEUE || si->si_pid != getpid() ||
        v < 0 || v >= NQUEUED)
        bad_info++;
    else
        seen[v]++;
    __atomic_add_fetch(&received, 1, __ATOMIC_RELAXED);
}

static void on_oneshot(int sig) { (void)sig; oneshot_runs++; }
static void on_plain(int sig) { (void)sig; plain_runs++; }
static void on_sysv(int sig) { (void)sig; sysv_runs++; }

static void *sender(void *arg)
{
    (void)arg;
    for (int i = 0; i < NQUEUED; i++) {
        union sigval v = { .sival_int = i };
        while (pthread_sigqueue(main_thread, SIGRTMIN + 1, v) != 0)
            usleep(100); /* (the queue is full: let the handler catch up) */
        if (i % 16 == 0)
            usleep(50);
    }
    pthread_kill(main_thread, SIGUSR2);
    return NULL;
}

static long loop_until(volatile sig_atomic_t *flag, int want, volatile int *count, int n)
{
    long acc = 0;
    for (long i = 0; (flag && *flag < want) || (count && __atomic_load_n(count, __ATOMIC_RELAXED) < n); i++)
        acc += work(i);
    return acc;
}

int main(void)
{
    main_thread = pthread_self();
    struct sigaction a, old;
    memset(&a, 0, sizeof a);
    a.sa_sigaction = on_queued;
    a.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGRTMIN + 1, &a, NULL);
    memset(&a, 0, sizeof a);
    a.sa_handler = on_oneshot;
    a.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &a, NULL);

    sigaction(SIGRTMIN + 1, NULL, &old);
    printf("read back: handler is ours: %s, SA_SIGINFO: %s, SA_RESTART: %s\n",
           old.sa_sigaction == on_queued ? "yes" : "no",
           old.sa_flags & SA_SIGINFO ? "yes" : "no", old.sa_flags & SA_RESTART ? "yes" : "no");
    sigaction(SIGUSR2, NULL, &old);
    printf("read back: one-shot handler is ours: %s, SA_RESETHAND: %s, SA_SIGINFO: %s\n",
           old.sa_handler == on_oneshot ? "yes" : "no",
           old.sa_flags & SA_RESETHAND ? "yes" : "no", old.sa_flags & SA_SIGINFO ? "yes" : "no");

    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    loop_until(NULL, 0, &received, NQUEUED);
    loop_until(&oneshot_runs, 1, NULL, 0);
    pthread_join(t, NULL);
    int missing = 0, twice = 0;
    for (int i = 0; i < NQUEUED; i++) {
        missing += seen[i] == 0;
        twice += seen[i] > 1;
    }
    printf("queued signals: %d received, %d missing, %d twice, %d with wrong siginfo\n",
           received, missing, twice, (int)bad_info);
    printf("one-shot handler ran %d time(s)\n", (int)oneshot_runs);
    sigaction(SIGUSR2, NULL, &old);
    printf("one-shot handler now reads back as the default: %s\n",
           old.sa_handler == SIG_DFL ? "yes" : "no");

    if (sigset(SIGUSR1, on_plain) == SIG_ERR)
        printf("sigset: %s\n", strerror(errno));
    pthread_kill(main_thread, SIGUSR1);
    loop_until(&plain_runs, 1, NULL, 0);
    sigaction(SIGUSR1, NULL, &old);
    printf("sigset handler ran: %s, reads back: %s\n", plain_runs == 1 ? "yes" : "no",
           old.sa_handler == on_plain ? "yes" : "no");
    sysv_signal(SIGUSR1, on_sysv);
    pthread_kill(main_thread, SIGUSR1);
    loop_until(&sysv_runs, 1, NULL, 0);
    sigaction(SIGUSR1, NULL, &old);
    printf("sysv_signal handler ran: %s, then the default: %s\n", sysv_runs == 1 ? "yes" : "no",
           old.sa_handler == SIG_DFL ? "yes" : "no");
    return 0;
}
