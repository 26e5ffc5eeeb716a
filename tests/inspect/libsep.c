/* libsep.c: libsep.so, whose DWARF the suite moves to a separate debug file. */
long sep_many(long a, long b, long c, long d, long e, long f, long g, long h, long i)
{ return a + b + c + d + e + f + g + h + i; }
