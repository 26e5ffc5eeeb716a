/* libb.so: pthread_key with a destructor, a blocking cancellation point with a cleanup handler,
   and pthread_exit called from inside the library. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int dtor_seen[64];
static int dtor_calls;

static void value_dtor(void *v)
{
    int *p = v;
    pthread_mutex_lock(&mu);
    if (*p >= 0 && *p < 64)
        dtor_seen[*p]++;
    dtor_calls++;
    pthread_mutex_unlock(&mu);
    free(p);
}

static void make_key(void) { pthread_key_create(&key, value_dtor); }

int b_compute(int id)
{
    pthread_once(&key_once, make_key);
    int *v = pthread_getspecific(key);
    if (!v) {
        v = malloc(sizeof *v);
        *v = id;
        pthread_setspecific(key, v);
    }
    return *v * 1000 + 7;
}

int b_dtor_seen(int id) { return dtor_seen[id]; }
int b_dtor_calls(void) { return dtor_calls; }

/* Cancellation: cleanup handlers append to the caller's log (order is checked). */
static void b_cleanup(void *arg)
{
    char *log = arg;
    strcat(log, "libb-cleanup;");
}

/* Blocks forever in read() (a cancellation point) on fd; announces itself through *ready. */
int b_block(int fd, volatile int *ready, char *log)
{
    char c;
    int r;
    pthread_cleanup_push(b_cleanup, log);
    *ready = 1;
    r = (int)read(fd, &c, 1);
    pthread_cleanup_pop(0);
    return r;
}

static void b_exit_cleanup(void *arg) { *(int *)arg = *(int *)arg * 10 + 2; }

/* Calls pthread_exit from two frames deep inside the library. */
static void b_exit_inner(int *counter, int code)
{
    pthread_cleanup_push(b_exit_cleanup, counter);
    pthread_exit((void *)(long)code);
    pthread_cleanup_pop(0);
}
int b_exit_now(int *counter, int code)
{
    b_exit_inner(counter, code);
    return -1; /* not reached */
}
