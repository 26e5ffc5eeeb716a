/* pthreads calling into two libraries: 8 workers, pthread_once, pthread_key destructors,
   cancellation of a thread blocked in a library (cleanup handlers), pthread_exit from a
   library, and a 64 KiB-stack thread calling a library.  Results are printed after joins. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int a_compute(int x);
int a_init_runs(void);
int a_stack_user(int depth, char *out, size_t outsz);
int b_compute(int id);
int b_dtor_seen(int id);
int b_dtor_calls(void);
int b_block(int fd, volatile int *ready, char *log);
int b_exit_now(int *counter, int code);

#define N 8
static int res_a[N], res_b[N], res_b2[N];
static pthread_barrier_t barrier;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    pthread_barrier_wait(&barrier); /* maximise concurrency on pthread_once */
    res_a[id] = a_compute(10 + id);
    res_b[id] = b_compute(id);
    res_b2[id] = b_compute(id + 100); /* same thread: key already set, value unchanged */
    return (void *)(long)(id * 3);
}

static char cancel_log[128];
static volatile int cancel_ready;

static void main_cleanup(void *arg)
{
    strcat((char *)arg, "prog-cleanup;");
}

static void *blocker(void *arg)
{
    int fd = *(int *)arg;
    int r;
    pthread_cleanup_push(main_cleanup, cancel_log);
    r = b_block(fd, &cancel_ready, cancel_log);
    pthread_cleanup_pop(0);
    return (void *)(long)r;
}

static int exit_counter;
static void exit_cleanup(void *arg) { *(int *)arg = *(int *)arg * 10 + 1; }

static void *exiter(void *arg)
{
    (void)arg;
    pthread_cleanup_push(exit_cleanup, &exit_counter);
    b_exit_now(&exit_counter, 42);
    pthread_cleanup_pop(0);
    return (void *)-1L;
}

static char small_out[64];
static void *small_stack(void *arg)
{
    (void)arg;
    int r = a_stack_user(4, small_out, sizeof small_out);
    return (void *)(long)(r + a_compute(5) + b_compute(50) % 1000);
}

int main(void)
{
    pthread_t t[N];
    void *ret[N];
    pthread_barrier_init(&barrier, NULL, N);
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], &ret[i]);
    for (int i = 0; i < N; i++)
        printf("worker %d: a=%d b=%d b2=%d ret=%ld key-dtor=%d\n", i, res_a[i], res_b[i], res_b2[i],
               (long)ret[i], b_dtor_seen(i));
    printf("pthread_once init ran %d time(s), key destructor calls %d\n", a_init_runs(), b_dtor_calls());

    /* Cancellation of a thread blocked in libb's read(). */
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    pthread_t c;
    void *cret;
    pthread_create(&c, NULL, blocker, &fds[0]);
    while (!cancel_ready)
        usleep(1000);
    usleep(20000); /* let it reach read(); cancellation is deferred either way */
    pthread_cancel(c);
    pthread_join(c, &cret);
    printf("cancelled: %s; cleanup order: %s\n", cret == PTHREAD_CANCELED ? "yes" : "no", cancel_log);
    close(fds[0]);
    close(fds[1]);

    /* pthread_exit from inside libb. */
    pthread_t e;
    void *eret;
    pthread_create(&e, NULL, exiter, NULL);
    pthread_join(e, &eret);
    printf("pthread_exit: ret=%ld cleanup order (2=libb, 1=prog): %d\n", (long)eret, exit_counter);

    /* Small (64 KiB) stack thread calling both libraries. */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (pthread_attr_setstacksize(&attr, 64 * 1024) != 0)
        return 1;
    pthread_t s;
    void *sret;
    if (pthread_create(&s, &attr, small_stack, NULL) != 0)
        return 1;
    pthread_join(s, &sret);
    pthread_attr_destroy(&attr);
    printf("small stack: ret=%ld out=%s key-dtor=%d\n", (long)sret, small_out, b_dtor_seen(50));
    printf("pthread_once init ran %d time(s), key destructor calls %d\n", a_init_runs(), b_dtor_calls());
    return 0;
}
