/* libnodebug.c: libnodebug.so, built without -g: its signature is only in the caller's DWARF. */
long nodebug_many(long a, long b, long c, long d, long e, long f, long g)
{ return a + b + c + d + e + f + g; }
