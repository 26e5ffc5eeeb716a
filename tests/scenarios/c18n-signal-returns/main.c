/* c18n-signal-returns: the program calls libsrc's c_loop, which calls libsrl's tiny l_leaf
 * millions of times, so most of the time is spent in transitions between libsrc and libsrl;
 * meanwhile another thread sends SIGUSR1 again as soon as the last one was handled, and the
 * handler (in libsrl) calls back into libsrc.  A signal taken at any point of a call or
 * return between the two must not let the handler's call into libsrc land on libsrc's live
 * frame (c_loop's guard pattern, its return address) or on the interrupted signal frame.  Runs until both a minimum number of
 * iterations and of handled signals is reached, so the output does not depend on timing. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include "sr.h"

#define CHUNK 100000
#define MIN_ITER 10000000
#define MIN_SIGNALS 20000

static pthread_t main_thread;
static volatile int stop;
static void *sender(void *arg)
{
    (void)arg;
    while (!stop) {
        long seen = l_count;
        pthread_kill(main_thread, SIGUSR1);
        /* one signal in flight: the next once the handler has run.  A handler slower than
         * the sender (under a loader, on a loaded machine) must not starve the loop; the
         * signals still land at any point of it. */
        while (!stop && l_count == seen)
            ;
    }
    return NULL;
}

int main(void)
{
    main_thread = pthread_self();
    l_install(SIGUSR1);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    long bad = 0, iter = 0;
    while (iter < MIN_ITER || l_count < MIN_SIGNALS) {
        long want = 0;
        for (long i = iter; i < iter + CHUNK; i++) want += i * 2 + 1;
        bad += c_loop(iter, CHUNK) != want;
        iter += CHUNK;
    }
    stop = 1;
    pthread_join(t, NULL);
    printf("results of libsrc's loops correct: %s\n", bad ? "no" : "yes");
    printf("libsrc's frame intact: %s\n", c_frame_bad ? "no" : "yes");
    printf("handler ran at least %d times: %s\n", MIN_SIGNALS, l_count >= MIN_SIGNALS ? "yes" : "no");
    printf("the handler's calls into libsrc correct: %s\n", l_bad ? "no" : "yes");
    return 0;
}
