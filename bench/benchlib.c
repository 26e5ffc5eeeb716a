/*
 * benchlib.c: the library side of the micro-benchmark (built as build/bench/libbenchlib.so,
 * -O2 -fPIC).  See benchlib.h for the functions.
 *
 * Must stay true: the bodies stay trivial, so that what micro.c times is the cost of the
 * cross-library call itself; nothing here is inlined into the program (separate object,
 * default visibility, no LTO).
 */
#include "benchlib.h"

long bench_nop(long x) { return x; }

long bench_args10(long a, long b, long c, long d, long e, long f, long g, long h, long i,
                  long j)
{
    (void)b; (void)c; (void)d; (void)e; (void)f; (void)g; (void)h; (void)i;
    return a ^ j;
}

long bench_callback(long (*cb)(long), long x) { return cb(x); }

long bench_upcall(long x) { return bench_cb(x); }
