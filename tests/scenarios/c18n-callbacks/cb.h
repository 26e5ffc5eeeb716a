/* c18n-callbacks: functions handed to another compartment or to libc and called back later. */
#include <stddef.h>
#include <stdint.h>

typedef int (*cmp_t)(const void *, const void *);
/* libsort: sorts with libc's qsort and the comparator it is given (NULL: its own) */
void sort_ints(int *v, size_t n, cmp_t cmp);
int *search_int(int key, int *v, size_t n, cmp_t cmp);
void sort_raise(int sig);           /* raise(sig) from inside libsort */
/* libcmp */
int cmp_abs(const void *a, const void *b);  /* exported: by |x| */
cmp_t cmp_get_static(void);                 /* a static comparator (descending) */
uintptr_t cmp_stack(void);                  /* a local of libcmp (its stack) */
extern uintptr_t cmp_abs_local;             /* a local of cmp_abs's last run */
/* libcb: signals, threads, pthread_key, pthread_once, exit handlers */
struct cb_facts {
    int mode_stacks;                     /* set by the program: print stack facts at exit */
    uintptr_t reg_local;                 /* libcb's stack, main thread */
    uintptr_t main_lo, main_hi;          /* the main thread's own stack (set by the program) */
    int usr1, usr2, usr1_signo, info_ok; /* handler runs */
    uintptr_t usr1_local, usr2_local;
    int old_is_mine, signal_old_is_mine;
    uintptr_t thr_local, thr_lo, thr_hi, thr_main_cb; int thr_result;
    uintptr_t thr_asked_lo, thr_asked_hi;  /* pthread_getattr_np's answer in the thread */
    uintptr_t key_local, key_lo, key_hi; int key_value;
    uintptr_t once_local; int once_runs;
};
extern struct cb_facts cb;
void cb_install_signals(void);
int cb_thread(int x);                /* pthread_create with a libcb start routine; returns its result */
void *cb_entry(void *arg);           /* exported start routine the program passes to pthread_create */
void cb_once_twice(void);            /* pthread_once from two threads */
void (*cb_get_once_routine(void))(void); /* libcb's (static) once routine, for another once */
void cb_register_exit(void);         /* atexit, on_exit, __cxa_atexit */
