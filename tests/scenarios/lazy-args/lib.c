/* Functions whose first call goes through the lazy binder: it must preserve 10 integer
 * arguments, 8 SSE arguments, 8 AVX (ymm) and 8 AVX-512 (zmm) arguments, and %al. */
#include <immintrin.h>
#include <stdarg.h>

long ten_ints(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j;
}

double eight_doubles(double a, double b, double c, double d, double e, double f, double g,
		     double h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

double mixed(int a, double b, long c, float d, int e, double f, long g, double h, int i,
	     double j, long k, double l)
{
	return a + b + c + d + e + f + g + h + i + j + k + l;
}

__attribute__((target("avx"))) double eight_ymm(__m256d a, __m256d b, __m256d c, __m256d d,
						__m256d e, __m256d f, __m256d g, __m256d h)
{
	__m256d s = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(a, b), _mm256_add_pd(c, d)),
				  _mm256_add_pd(_mm256_add_pd(e, f), _mm256_add_pd(g, h)));
	double out[4];
	_mm256_storeu_pd(out, s);
	return out[0] + 10 * out[1] + 100 * out[2] + 1000 * out[3];
}

__attribute__((target("avx512f"))) double eight_zmm(__m512d a, __m512d b, __m512d c, __m512d d,
						    __m512d e, __m512d f, __m512d g, __m512d h)
{
	__m512d s = _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(a, b), _mm512_add_pd(c, d)),
				  _mm512_add_pd(_mm512_add_pd(e, f), _mm512_add_pd(g, h)));
	double out[8];
	_mm512_storeu_pd(out, s);
	double r = 0;
	for (int i = 0; i < 8; i++)
		r = r * 10 + out[i];
	return r;
}

/* variadic: %al carries the number of vector registers used */
double vsum(int n, ...)
{
	va_list ap;
	va_start(ap, n);
	double s = 0;
	for (int i = 0; i < n; i++)
		s += va_arg(ap, double) * (i + 1);
	va_end(ap);
	return s;
}
