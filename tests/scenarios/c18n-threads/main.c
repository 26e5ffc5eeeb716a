/* c18n-threads: 16 threads, all started at once, each making 100000 calls program -> libtha ->
 * libthb (8 arguments, 2 on the stack); half of them start in libtha's start routine.  Each
 * thread's result must match a local computation, and each thread's libtha/libthb stack tops
 * must be the same before and after its loop. */
#include <pthread.h>
#include <stdio.h>
#include "th.h"

#define NT 16
static pthread_barrier_t bar;
static struct { long got, want; int tops_same; unsigned long a, b; } res[NT];

__attribute__((noinline)) static void tops(unsigned long t[2]) { t[0] = ta_local(); t[1] = tb_local(); }

long run_thread(long t)
{
    unsigned long t0[2], t1[2];
    tops(t0);
    pthread_barrier_wait(&bar);
    long acc = t, want = t;
    for (long i = 0; i < NCALLS; i++) {
        acc = ta_step(acc, i, t, i * 2, t * 3, i + t, 5, i << 3);
        want = mix(want, i, t, i * 2, t * 3, i + t, 5, i << 3) + 1;
    }
    tops(t1);
    res[t].got = acc;
    res[t].want = want;
    res[t].tops_same = t0[0] == t1[0] && t0[1] == t1[1];
    res[t].a = t1[0];
    res[t].b = t1[1];
    return acc;
}

static void *prog_thread(void *arg) { return (void *)run_thread((long)arg); }

int main(void)
{
    pthread_t th[NT];
    pthread_barrier_init(&bar, NULL, NT);
    for (long t = 0; t < NT; t++)
        pthread_create(&th[t], NULL, t % 2 ? ta_thread : prog_thread, (void *)t);
    int joined_ok = 1;
    for (int t = 0; t < NT; t++) {
        void *r;
        pthread_join(th[t], &r);
        joined_ok &= (long)r == res[t].got;
    }
    for (int t = 0; t < NT; t++)
        printf("thread %2d (start routine in %s): %d calls, result %s, stack tops unchanged: %s\n", t,
               t % 2 ? "libtha" : "program", NCALLS, res[t].got == res[t].want ? "ok" : "WRONG",
               res[t].tops_same ? "yes" : "no");
    int distinct = 1;
    for (int i = 0; i < NT; i++)
        for (int j = i + 1; j < NT; j++)
            distinct &= res[i].a != res[j].a && res[i].b != res[j].b;
    printf("join values match: %s; each thread's libtha and libthb locals distinct: %s\n",
           joined_ok ? "yes" : "no", distinct ? "yes" : "no");
    return 0;
}
