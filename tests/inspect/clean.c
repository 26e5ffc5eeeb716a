/* clean.c: uses libclean.so only through hazard-free calls. */
#include <stdio.h>
int clean_add(int a, int b);
double clean_scale(double x, double f);
struct pt { int x, y; };
int clean_norm1(struct pt p);
int main(void)
{
	struct pt p = { 3, -4 };
	printf("%d %g %d\n", clean_add(1, 2), clean_scale(2.0, 1.5), clean_norm1(p));
	return 0;
}
