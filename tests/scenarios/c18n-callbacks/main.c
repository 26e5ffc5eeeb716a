/* c18n-callbacks: callbacks across compartments.
 *   (no argument)  behaviour, compared with the native run: qsort/bsearch comparators passed
 *                  through libsort (from the program, from libcmp, static ones), signal handlers
 *                  registered by libcb (sigaction, signal; raised from the program and from
 *                  inside libsort), pthread_create start routines, a pthread_key destructor,
 *                  pthread_once, atexit/on_exit/__cxa_atexit handlers registered by libcb.
 *   stacks         (c18n-callback-stacks, ld-c18n only) each callback runs on its own
 *                  compartment's stack, not on the stack of the thread or of the caller. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "cb.h"
#include "c18n-test.h"

static int desc_prog(const void *a, const void *b) { return *(const int *)b - *(const int *)a; }
int prog_cmp_asc(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static void show(const char *what, const int *v, int n)
{
    printf("%s:", what);
    for (int i = 0; i < n; i++) printf(" %d", v[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    int stacks = argc > 1 && !strcmp(argv[1], "stacks");
    cb.mode_stacks = stacks;
    pthread_attr_t attr;
    void *base;
    size_t size;
    pthread_getattr_np(pthread_self(), &attr);
    pthread_attr_getstack(&attr, &base, &size);
    pthread_attr_destroy(&attr);
    uintptr_t main_lo = (uintptr_t)base, main_hi = main_lo + size;
    cb.main_lo = main_lo; /* (the program runs on the main thread's own stack) */
    cb.main_hi = main_hi;
#define ON_MAIN_STACK(a) ((a) >= main_lo && (a) < main_hi)
    const int init[8] = {5, -9, 3, 0, -2, 8, -7, 1};
    int v[8];
    struct { const char *name; cmp_t cmp; } cmps[] = {
        {"libsort's own comparator", NULL},
        {"program's static comparator (descending)", desc_prog},
        {"program's exported comparator", prog_cmp_asc},
        {"libcmp's exported comparator (by |x|)", cmp_abs},
        {"libcmp's static comparator (descending)", cmp_get_static()},
    };
    uintptr_t cmp_own = cmp_stack();
    for (size_t i = 0; i < sizeof cmps / sizeof cmps[0]; i++) {
        memcpy(v, init, sizeof v);
        cmp_abs_local = 0;
        sort_ints(v, 8, cmps[i].cmp);
        if (!stacks) show(cmps[i].name, v, 8);
        if (stacks && cmps[i].cmp == cmp_abs)
            printf("libcmp's comparator called by qsort inside libsort runs on libcmp's stack: %s\n",
                   YN(cmp_abs_local && same_mapping(cmp_abs_local, cmp_own) &&
                      !ON_MAIN_STACK(cmp_abs_local)));
    }
    memcpy(v, init, sizeof v);
    sort_ints(v, 8, prog_cmp_asc);
    int *hit = search_int(8, v, 8, prog_cmp_asc);
    int *miss = search_int(4, v, 8, prog_cmp_asc);
    if (!stacks) printf("bsearch through libsort: 8 at index %d, 4 %s\n", hit ? (int)(hit - v) : -1, miss ? "found" : "not found");

    cb_install_signals();
    raise(SIGUSR1);
    sort_raise(SIGUSR1);
    raise(SIGUSR2);
    uintptr_t usr1_from_prog = cb.usr1_local;
    sort_raise(SIGUSR2);
    if (!stacks) {
        printf("sigaction reads back libcb's own handler: %s; signal() returns it too: %s\n",
               YN(cb.old_is_mine), YN(cb.signal_old_is_mine));
        printf("SIGUSR1 handler (SA_SIGINFO) ran %d times, signo %d, siginfo ok: %s\n", cb.usr1,
               cb.usr1_signo, YN(cb.info_ok));
        printf("SIGUSR2 handler (signal) ran %d times\n", cb.usr2);
    } else {
        printf("libcb's SIGUSR1 handler, raised by the program, runs on libcb's stack: %s\n",
               YN(same_mapping(usr1_from_prog, cb.reg_local) && !ON_MAIN_STACK(usr1_from_prog)));
        printf("libcb's SIGUSR2 handler, raised inside libsort, runs on libcb's stack: %s\n",
               YN(same_mapping(cb.usr2_local, cb.reg_local) && !ON_MAIN_STACK(cb.usr2_local)));
    }

    int r = cb_thread(3);
    pthread_t t;
    void *res;
    pthread_create(&t, NULL, cb_entry, (void *)41);
    pthread_join(t, &res);
    if (!stacks) {
        printf("libcb's thread (libcb -> libsort -> qsort -> libcmp) returned %d\n", r);
        printf("program's thread with libcb's start routine returned %ld\n", (long)res);
        printf("libcb's pthread_key destructor saw %d\n", cb.key_value);
    } else {
        printf("libcb's start routine runs on a compartment stack, not the thread's own: %s\n",
               YN(cb.thr_local && !(cb.thr_local >= cb.thr_lo && cb.thr_local < cb.thr_hi)));
        printf("libcb's pthread_key destructor runs on a compartment stack, not the thread's own: %s\n",
               YN(cb.key_local && !(cb.key_local >= cb.key_lo && cb.key_local < cb.key_hi)));
        printf("pthread_getattr_np asked in libcb's start routine names the stack it runs on: %s\n",
               YN(cb.thr_local >= cb.thr_asked_lo && cb.thr_local < cb.thr_asked_hi));
    }
    cb_once_twice();
    if (!stacks) printf("pthread_once routine ran %d time(s)\n", cb.once_runs);
    /* libcb's static routine handed to the program, which calls pthread_once with it */
    static pthread_once_t once2 = PTHREAD_ONCE_INIT;
    cb.once_local = 0;
    pthread_once(&once2, cb_get_once_routine());
    if (!stacks) printf("pthread_once from the program with libcb's routine: ran %d time(s) in all\n", cb.once_runs);
    else printf("libcb's pthread_once routine, passed to pthread_once by the program, runs on libcb's stack: %s\n",
                YN(cb.once_local && same_mapping(cb.once_local, cb.reg_local) && !ON_MAIN_STACK(cb.once_local)));
    cb_register_exit();
    printf("main returns\n");
    return 0;
}
