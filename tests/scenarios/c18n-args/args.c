/* libargs, part 2: mixed scalar types, structs by value, long double, __int128, variadic
 * functions and struct returns (in registers and through a hidden pointer). */
#include <stdarg.h>
#include <stdio.h>
#include "args.h"

long mix20(int a, double b, long c, float d, signed char e, double f, short g, long h_, double i,
           unsigned char j, float k, long long l, double m, int n, double o, long p, double q,
           float r, int s, double t)
{
    long h = 0;
    H(a); H(b * 4); H(c); H(d * 4); H(e); H(f * 4); H(g); H(h_); H(i * 4); H(j);
    H(k * 4); H(l); H(m * 4); H(n); H(o * 4); H(p); H(q * 4); H(r * 4); H(s); H(t * 4);
    return h;
}

long sv16(struct s16 x, long y) { long h = 0; H(x.a); H(x.b); H(y); return h; }
double svdd(struct sdd x, double y) { double h = 0; HD(x.x); HD(x.y); HD(y); return h; }
double svmix(struct smix x, struct smix y, int z)
{
    double h = 0;
    HD(x.i); HD(x.f); HD(x.d); HD(y.i); HD(y.f); HD(y.d); HD(z);
    return h;
}
long sv24(struct s24 x, long y) { long h = 0; H(x.a); H(x.b); H(x.c); H(y); return h; }
long sv64(struct s64 x) { long h = 0; for (int i = 0; i < 8; i++) H(x.v[i]); return h; }
long sv128(struct s128 x) { long h = 0; for (int i = 0; i < 16; i++) H(x.v[i]); return h; }
long sv64_after(long a, long b, long c, long d, long e, long f, struct s64 s, long g, long h_)
{
    long h = 0;
    H(a); H(b); H(c); H(d); H(e); H(f);
    for (int i = 0; i < 8; i++) H(s.v[i]);
    H(g); H(h_);
    return h;
}
long double ld4(long double a, long double b, long double c, long double d)
{
    return ((a * 3 + b) * 3 + c) * 3 + d;
}
__int128 i128(long a, long b, long c, long d, long e, __int128 x, __int128 y)
{
    return (((((__int128)a * 131 + b) * 131 + c) * 131 + d) * 131 + e) * 7 + x * 3 + y;
}

long vsum(int n, ...)
{
    va_list ap;
    long h = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++) H(va_arg(ap, long));
    va_end(ap);
    return h;
}

int vfmt(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return r;
}

struct s16 ret16(long a, long b) { return (struct s16){a * 2, b * 3}; }
struct sdd retdd(double a, double b) { return (struct sdd){a / 2, b * 4}; }
struct sld retld(long a, double b) { return (struct sld){a + 1, b + 0.5}; }
struct s24 make24(double x, long y) { return (struct s24){(long)x, y, (long)x + y}; }
struct s64 make64(long seed)
{
    struct s64 r;
    for (int i = 0; i < 8; i++) r.v[i] = seed * (i + 1);
    return r;
}
struct s64 make64_16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8,
                     long a9, long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    return (struct s64){{a1 + a9, a2 + a10, a3 + a11, a4 + a12, a5 + a13, a6 + a14, a7 + a15,
                         a8 + a16}};
}
struct s128 make128(struct s64 a, long k)
{
    struct s128 r;
    for (int i = 0; i < 8; i++) r.v[i] = a.v[i], r.v[8 + i] = a.v[i] * k;
    return r;
}

/* through its own address: an entry in libargs' own compartment (the fast path) */
long self_i16(void)
{
    static i16_t volatile p;
    p = i16;
    return p(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
}

long args_calls_prog(void)
{
    long a = prog_i16(-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14, -15, -16);
    double d = prog_d16(.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5,
                        14.5, 15.5);
    return a + (long)(d * 2);
}
