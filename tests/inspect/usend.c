/* usend.c: calls libnodebug.so (7 integer arguments: 8 bytes on the stack). */
#include <stdio.h>
long nodebug_many(long a, long b, long c, long d, long e, long f, long g);
int main(void) { printf("%ld\n", nodebug_many(1, 2, 3, 4, 5, 6, 7)); return 0; }
