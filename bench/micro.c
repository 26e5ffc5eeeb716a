/*
 * micro.c: the micro-benchmark program (build/bench/micro, -O2, PIE, linked against
 * libbenchlib.so and called through the PLT: no -fno-plt).  It times, from inside the
 * process, tight loops of cross-library calls:
 *   nop      bench_nop(i)                  an empty function
 *   args10   bench_args10(i, 1, ..., 9)    ten integer arguments, four of them on the stack
 *   callback bench_callback(bench_cb, i)   the library calls back through a function pointer
 *                                          the program took (PC-relative) to its own function
 *   upcall   bench_upcall(i)               the library calls the program's bench_cb by name
 * Usage: micro [CALLS [SAMPLES]]  (defaults 10000000 and 5).  After a warm-up loop of
 * CALLS/10 calls of each kind (lazy binding, stacks and caches settle there), it prints, per
 * sample and kind, one line "BENCH <kind>_ns <nanoseconds per call>" (the format
 * bench/runner.c collects), then "checksum <n>".
 *
 * Must stay true: every result feeds the checksum (printed), so no call can be optimised
 * away; the clock (CLOCK_MONOTONIC) is read only outside the timed loops; output goes to
 * stdout only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "benchlib.h"

/* Exported (the program is linked with -rdynamic): bench_upcall calls it by name, and its
 * address, taken here, is what loop_callback passes to the library. */
long bench_cb(long x) { return x + 1; }

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long loop_nop(long n)
{
    long acc = 0;
    for (long i = 0; i < n; i++)
        acc += bench_nop(i);
    return acc;
}

static long loop_args10(long n)
{
    long acc = 0;
    for (long i = 0; i < n; i++)
        acc += bench_args10(i, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    return acc;
}

static long loop_callback(long n)
{
    long acc = 0;
    for (long i = 0; i < n; i++)
        acc += bench_callback(bench_cb, i);
    return acc;
}

static long loop_upcall(long n)
{
    long acc = 0;
    for (long i = 0; i < n; i++)
        acc += bench_upcall(i);
    return acc;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000;
    int samples = argc > 2 ? atoi(argv[2]) : 5;
    if (n < 10 || samples < 1) {
        fprintf(stderr, "usage: micro [CALLS>=10 [SAMPLES>=1]]\n");
        return 2;
    }
    static const struct {
        const char *name;
        long (*loop)(long);
    } kinds[] = {{"nop", loop_nop}, {"args10", loop_args10}, {"callback", loop_callback},
                  {"upcall", loop_upcall}};
    enum { NK = sizeof kinds / sizeof kinds[0] };
    long checksum = 0;
    for (int k = 0; k < NK; k++)
        checksum += kinds[k].loop(n / 10);
    for (int s = 0; s < samples; s++)
        for (int k = 0; k < NK; k++) {
            double t0 = now_ns();
            checksum += kinds[k].loop(n);
            double t1 = now_ns();
            printf("BENCH %s_ns %.4f\n", kinds[k].name, (t1 - t0) / n);
        }
    printf("checksum %ld\n", checksum);
    return 0;
}
