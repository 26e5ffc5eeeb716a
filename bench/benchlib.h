/*
 * benchlib.h: the interface between the micro-benchmark program (micro.c) and its library
 * (benchlib.c), which the build puts in separate shared objects so that every call below
 * crosses a library boundary (a PLT call natively, a trampoline under ld-c18n).
 *
 * Must stay true: every function here but bench_cb is defined in benchlib.c only, does no work beyond
 * what its comment says (the benchmark measures the call, not the body), and returns a
 * value the caller uses.
 */
#ifndef BENCHLIB_H
#define BENCHLIB_H

/* returns x: the "empty" function */
long bench_nop(long x);

/* ten integer arguments (six in registers, four on the stack); returns a ^ j */
long bench_args10(long a, long b, long c, long d, long e, long f, long g, long h, long i,
                  long j);

/* calls cb(x) once and returns its result: the program passes a pointer to its own function */
long bench_callback(long (*cb)(long), long x);

/* calls the program's exported bench_cb(x) by name (through the library's PLT) and returns
 * its result: a call into the library and one back out, both bound by the loader */
long bench_upcall(long x);

/* defined in the program (micro.c, exported with -rdynamic): returns x + 1 */
long bench_cb(long x);

#endif
