/* Calls with 200-byte structures by value, 30 integer arguments (24 on the stack) and a
 * 200-byte structure returned through a hidden pointer, into another compartment. */
#include <stdio.h>

struct big {
	long v[25];
};
long sum_big(int scale, struct big b);
long thirty(long, long, long, long, long, long, long, long, long, long, long, long, long, long,
	    long, long, long, long, long, long, long, long, long, long, long, long, long, long,
	    long, long);
struct big make_big(long seed, struct big in);

int main(void)
{
	struct big b;
	for (int i = 0; i < 25; i++)
		b.v[i] = 100 + i;
	printf("sum_big: %ld\n", sum_big(2, b));
	printf("thirty: %ld\n", thirty(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
				      18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30));
	struct big r = make_big(1000, b);
	printf("make_big: %ld %ld %ld\n", r.v[0], r.v[12], r.v[24]);
	return 0;
}
