/* 16 threads each make 100000 calls into a library function that updates thread-local
   counters and atomic globals; per-thread and global totals are printed after the joins. */
#include <pthread.h>
#include <stdio.h>

long counter_add(int v);
long counter_local(void);
long counter_local_sum(void);
long counter_total(void);
long counter_weighted(void);

#define THREADS 16
#define CALLS 100000

struct result {
    long last, local, local_sum;
};
static struct result res[THREADS];

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    long last = 0;
    for (int i = 0; i < CALLS; i++)
        last = counter_add(id + 1);
    res[id].last = last;
    res[id].local = counter_local();
    res[id].local_sum = counter_local_sum();
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0)
            return 1;
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    long sum = 0;
    for (int i = 0; i < THREADS; i++) {
        printf("thread %2d: calls=%ld local=%ld local-sum=%ld\n", i, res[i].last, res[i].local,
               res[i].local_sum);
        sum += res[i].local;
    }
    printf("sum of locals=%ld global total=%ld weighted=%ld\n", sum, counter_total(), counter_weighted());
    printf("main thread local=%ld\n", counter_local());
    return 0;
}
