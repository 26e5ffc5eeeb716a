/* tests/trace stats-fanin: sink (libsink.so) called N times by the program, 2N times by
 * libfa.so and 3N times by libfb.so.  Usage: fanin N */
#include <stdio.h>
#include <stdlib.h>

int sink(int x);
int fa(int n);
int fb(int n);

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1, s = 0;
	for (int i = 0; i < n; i++)
		s += sink(i);
	s += fa(2 * n) + fb(3 * n);
	printf("%d\n", s);
	return 0;
}
