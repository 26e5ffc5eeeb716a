/* libcb: registers callbacks with libc; each records where it ran. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include "cb.h"
#include "c18n-test.h"

struct cb_facts cb;

/* The stack pthread_getattr_np names: under ld-c18n, asked from a compartment stack, that
 * stack (the one the caller runs on) */
static void thread_stack(uintptr_t *lo, uintptr_t *hi)
{
    pthread_attr_t a;
    void *base;
    size_t size;
    pthread_getattr_np(pthread_self(), &a);
    pthread_attr_getstack(&a, &base, &size);
    pthread_attr_destroy(&a);
    *lo = (uintptr_t)base;
    *hi = (uintptr_t)base + size;
}

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    cb.usr1++;
    cb.usr1_signo = sig;
    cb.info_ok = si && si->si_signo == sig;
    cb.usr1_local = HERE_SP();
}
static void on_usr2(int sig)
{
    (void)sig;
    cb.usr2++;
    cb.usr2_local = HERE_SP();
}

void cb_install_signals(void)
{
    cb.reg_local = HERE_SP();
    struct sigaction sa = {0}, old;
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR1, NULL, &old);
    cb.old_is_mine = old.sa_sigaction == on_usr1;
    signal(SIGUSR2, on_usr2);
    cb.signal_old_is_mine = signal(SIGUSR2, on_usr2) == on_usr2;
}

static void *start(void *arg)
{
    cb.thr_local = HERE_SP();
    thread_stack(&cb.thr_asked_lo, &cb.thr_asked_hi);
    int r = (int)(intptr_t)arg;
    int v[3] = {-5, 2, -1};
    sort_ints(v, 3, cmp_abs); /* libcb -> libsort -> qsort -> libcmp, in the new thread */
    return (void *)(intptr_t)(r * 100 + v[0] * 10 + v[2]);
}

static pthread_key_t key;
static void key_dtor(void *p)
{
    cb.key_local = HERE_SP();
    cb.key_value = *(int *)p;
}
static void *key_thread(void *arg)
{
    static int value = 77;
    (void)arg;
    pthread_setspecific(key, &value);
    return NULL;
}

int cb_thread(int x)
{
    /* the threads' own stacks are given, so their ranges are known */
    static char stack1[256 * 1024] __attribute__((aligned(4096)));
    static char stack2[256 * 1024] __attribute__((aligned(4096)));
    pthread_attr_t a;
    pthread_t t;
    void *r;
    pthread_attr_init(&a);
    pthread_attr_setstack(&a, stack1, sizeof stack1);
    cb.thr_lo = (uintptr_t)stack1;
    cb.thr_hi = (uintptr_t)stack1 + sizeof stack1;
    pthread_create(&t, &a, start, (void *)(intptr_t)x);
    pthread_join(t, &r);
    cb.thr_result = (int)(intptr_t)r;
    pthread_key_create(&key, key_dtor);
    pthread_attr_setstack(&a, stack2, sizeof stack2);
    cb.key_lo = (uintptr_t)stack2;
    cb.key_hi = (uintptr_t)stack2 + sizeof stack2;
    pthread_create(&t, &a, key_thread, NULL);
    pthread_join(t, NULL);
    pthread_attr_destroy(&a);
    return cb.thr_result;
}

void *cb_entry(void *arg)
{
    cb.thr_main_cb = HERE_SP();
    return (void *)((intptr_t)arg + 1);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void once_init(void)
{
    cb.once_runs++;
    cb.once_local = HERE_SP();
}
static void *once_thread(void *arg)
{
    (void)arg;
    pthread_once(&once, once_init);
    return NULL;
}
void cb_once_twice(void)
{
    pthread_once(&once, once_init);
    pthread_t t;
    pthread_create(&t, NULL, once_thread, NULL);
    pthread_join(t, NULL);
}

void (*cb_get_once_routine(void))(void) { return once_init; }

static int exit_stack_ok(void)
{
    uintptr_t here = HERE_SP();
    return same_mapping(here, cb.reg_local) && !(here >= cb.main_lo && here < cb.main_hi);
}
static void at_exit1(void)
{
    if (cb.mode_stacks) printf("atexit handler runs on libcb's stack: %s\n", YN(exit_stack_ok()));
    else printf("atexit handler in libcb\n");
}
static void on_exit1(int status, void *arg)
{
    if (cb.mode_stacks) printf("on_exit handler runs on libcb's stack: %s\n", YN(exit_stack_ok()));
    else printf("on_exit handler in libcb: status %d, arg %s\n", status, (const char *)arg);
}
extern int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);
extern void *__dso_handle;
static void cxa1(void *arg)
{
    if (cb.mode_stacks) printf("__cxa_atexit handler runs on libcb's stack: %s\n", YN(exit_stack_ok()));
    else printf("__cxa_atexit handler in libcb: arg %s\n", (const char *)arg);
}
void cb_register_exit(void)
{
    atexit(at_exit1);
    on_exit(on_exit1, "on-exit-arg");
    __cxa_atexit(cxa1, "cxa-arg", __dso_handle);
}
