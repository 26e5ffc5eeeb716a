/* c18n-threads: many threads calling across compartments at once. */
long ta_step(long acc, long i, long t, long a, long b, long c, long d, long e); /* libtha -> libthb */
long tb_mix(long acc, long i, long t, long a, long b, long c, long d, long e);  /* libthb */
unsigned long ta_local(void);
unsigned long tb_local(void);
void *ta_thread(void *arg);   /* libtha: a start routine */
long run_thread(long t);      /* program: the per-thread loop (exported) */
#ifndef NCALLS /* (tests/isolation/iso-threads builds it with fewer) */
#define NCALLS 100000
#endif
static inline long mix(long acc, long i, long t, long a, long b, long c, long d, long e)
{
    return acc * 31 + (i ^ t) + a - b + c * 3 - d + (e >> 2);
}
