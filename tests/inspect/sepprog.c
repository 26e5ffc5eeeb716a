/* sepprog.c: calls libsep.so (9 integer arguments: 24 bytes on the stack). */
#include <stdio.h>
long sep_many(long a, long b, long c, long d, long e, long f, long g, long h, long i);
int main(void) { printf("%ld\n", sep_many(1, 2, 3, 4, 5, 6, 7, 8, 9)); return 0; }
