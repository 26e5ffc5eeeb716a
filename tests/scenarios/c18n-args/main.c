/* c18n-args: cross-compartment calls with 7-16 integer arguments, 9-16 double and float
 * arguments, mixed types, structs by value (up to 128 bytes), long double, __int128,
 * variadic calls with 20 arguments, struct returns in registers and through a hidden
 * pointer; program -> libargs, program -> libfwd -> libargs, libargs -> program, through
 * function pointers and through libargs' own entry.  Every result is recomputed locally. */
#include <stdio.h>
#include <string.h>
#include "args.h"

static long v[17];
static double w[17];
static float fl[17];
#define A7(x) x[1], x[2], x[3], x[4], x[5], x[6], x[7]
#define A8(x) A7(x), x[8]
#define A9(x) A8(x), x[9]
#define A10(x) A9(x), x[10]
#define A11(x) A10(x), x[11]
#define A12(x) A11(x), x[12]
#define A13(x) A12(x), x[13]
#define A14(x) A13(x), x[14]
#define A15(x) A14(x), x[15]
#define A16(x) A15(x), x[16]

static long hl(const long *a, int n) { long h = 0; for (int i = 0; i < n; i++) H(a[i]); return h; }
static double hd(const double *a, int n) { double h = 0; for (int i = 0; i < n; i++) HD(a[i]); return h; }
static double hf(const float *a, int n) { double h = 0; for (int i = 0; i < n; i++) HD(a[i]); return h; }

static int bad;
static void cl(const char *what, long got, long want)
{
    printf("%s = %ld %s\n", what, got, got == want ? "ok" : "WRONG");
    bad += got != want;
}
static void cd(const char *what, double got, double want)
{
    printf("%s = %.2f %s\n", what, got, got == want ? "ok" : "WRONG");
    bad += got != want;
}

long prog_i16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
              long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    long a[16] = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16};
    return hl(a, 16);
}
double prog_d16(double a1, double a2, double a3, double a4, double a5, double a6, double a7,
                double a8, double a9, double a10, double a11, double a12, double a13, double a14,
                double a15, double a16)
{
    double a[16] = {a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16};
    return hd(a, 16);
}

int main(void)
{
    for (int k = 1; k <= 16; k++) {
        v[k] = (k % 3 == 0 ? -1 : 1) * (k * 1000003L + k * k * 77L);
        w[k] = (k % 4 == 1 ? -1 : 1) * (k + 0.25) * 2;
        fl[k] = (float)(k % 2 ? k + 0.5 : -k - 0.75);
    }
    printf("-- integer arguments (7 to 16: 1 to 10 on the stack)\n");
    cl("i7", i7(A7(v)), hl(v + 1, 7));
    cl("i8", i8(A8(v)), hl(v + 1, 8));
    cl("i9", i9(A9(v)), hl(v + 1, 9));
    cl("i10", i10(A10(v)), hl(v + 1, 10));
    cl("i11", i11(A11(v)), hl(v + 1, 11));
    cl("i12", i12(A12(v)), hl(v + 1, 12));
    cl("i13", i13(A13(v)), hl(v + 1, 13));
    cl("i14", i14(A14(v)), hl(v + 1, 14));
    cl("i15", i15(A15(v)), hl(v + 1, 15));
    cl("i16", i16(A16(v)), hl(v + 1, 16));
    printf("-- double arguments (9 to 16: 1 to 8 on the stack)\n");
    cd("d9", d9(A9(w)), hd(w + 1, 9));
    cd("d10", d10(A10(w)), hd(w + 1, 10));
    cd("d11", d11(A11(w)), hd(w + 1, 11));
    cd("d12", d12(A12(w)), hd(w + 1, 12));
    cd("d13", d13(A13(w)), hd(w + 1, 13));
    cd("d14", d14(A14(w)), hd(w + 1, 14));
    cd("d15", d15(A15(w)), hd(w + 1, 15));
    cd("d16", d16(A16(w)), hd(w + 1, 16));
    printf("-- float arguments\n");
    cd("f9", f9(A9(fl)), hf(fl + 1, 9));
    cd("f12", f12(A12(fl)), hf(fl + 1, 12));
    cd("f16", f16(A16(fl)), hf(fl + 1, 16));

    printf("-- mixed (10 integer-class, 10 SSE-class: 6 eightbytes on the stack)\n");
    {
        long h = 0;
        H(-7); H(1.25 * 4); H(1L << 40); H(-2.5f * 4); H(-5); H(3.75 * 4); H(-300); H(123456789);
        H(-0.5 * 4); H(250); H(6.25f * 4); H(-(1LL << 50)); H(100.25 * 4); H(42); H(-8.75 * 4);
        H(-1); H(2.5 * 4); H(0.75f * 4); H(-2147483647); H(16.0 * 4);
        cl("mix20", mix20(-7, 1.25, 1L << 40, -2.5f, -5, 3.75, -300, 123456789, -0.5, 250, 6.25f,
                          -(1LL << 50), 100.25, 42, -8.75, -1, 2.5, 0.75f, -2147483647, 16.0), h);
    }

    printf("-- structs by value\n");
    {
        long h = 0;
        H(11); H(-22); H(33);
        cl("sv16({11,-22}, 33)", sv16((struct s16){11, -22}, 33), h);
        const double e1[] = {1.5, -2.25, 8}, e2[] = {7, 0.5, -3.125, -9, 1.75, 6.5, 100};
        cd("svdd({1.5,-2.25}, 8)", svdd((struct sdd){1.5, -2.25}, 8), hd(e1, 3));
        cd("svmix", svmix((struct smix){7, 0.5f, -3.125}, (struct smix){-9, 1.75f, 6.5}, 100), hd(e2, 7));
        h = 0;
        H(v[1]); H(v[2]); H(v[3]); H(v[4]);
        cl("sv24 (24 bytes on the stack)", sv24((struct s24){v[1], v[2], v[3]}, v[4]), h);
        struct s64 s64;
        memcpy(s64.v, v + 1, sizeof s64.v);
        cl("sv64 (64 bytes on the stack)", sv64(s64), hl(v + 1, 8));
        struct s128 s128;
        memcpy(s128.v, v + 1, sizeof s128.v);
        cl("sv128 (128 bytes on the stack)", sv128(s128), hl(v + 1, 16));
        long all[16] = {1, 2, 3, 4, 5, 6};
        memcpy(all + 6, s64.v, sizeof s64.v);
        all[14] = -99;
        all[15] = 77;
        cl("sv64_after (6 registers, then 64 + 16 bytes on the stack)",
           sv64_after(1, 2, 3, 4, 5, 6, s64, -99, 77), hl(all, 16));
        long double ld = ld4(1.5L, -2.25L, 1e-3L, 1e18L);
        long double want = ((1.5L * 3 + -2.25L) * 3 + 1e-3L) * 3 + 1e18L;
        printf("ld4 (4 long doubles, 64 bytes on the stack) = %.4Lf %s\n", ld, ld == want ? "ok" : "WRONG");
        bad += ld != want;
        __int128 x = ((__int128)0x0123456789abcdefL << 64) | 0xfedcba9876543210UL, y = -12345;
        __int128 r = i128(1, 2, 3, 4, 5, x, y);
        __int128 rw = (((((__int128)1 * 131 + 2) * 131 + 3) * 131 + 4) * 131 + 5) * 7 + x * 3 + y;
        printf("i128 = %016lx%016lx %s\n", (unsigned long)(r >> 64), (unsigned long)r, r == rw ? "ok" : "WRONG");
        bad += r != rw;
    }

    printf("-- variadic\n");
    {
        long a[19];
        for (int i = 0; i < 19; i++) a[i] = v[i % 16 + 1] + i;
        cl("vsum(19, ...) (20 arguments, 14 eightbytes on the stack)",
           vsum(19, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12],
                a[13], a[14], a[15], a[16], a[17], a[18]),
           hl(a, 19));
        char buf[512], want[512];
        const char *f17 = "%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d";
        int n = vfmt(buf, sizeof buf, f17, 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16, 17);
        snprintf(want, sizeof want, f17, 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12, 13, -14, 15, -16, 17);
        printf("vfmt, 17 ints (20 arguments): %d \"%s\" %s\n", n, buf, strcmp(buf, want) ? "WRONG" : "ok");
        bad += strcmp(buf, want) != 0;
        const char *fm = "%d %d %d %d %d %s | %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f";
        n = vfmt(buf, sizeof buf, fm, 10, 20, 30, 40, 50, "str", 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5,
                 9.5, 10.5, 11.5, (double)fl[3]);
        snprintf(want, sizeof want, fm, 10, 20, 30, 40, 50, "str", 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5,
                 8.5, 9.5, 10.5, 11.5, (double)fl[3]);
        printf("vfmt, 6 integers + 12 doubles: %d \"%s\" %s\n", n, buf, strcmp(buf, want) ? "WRONG" : "ok");
        bad += strcmp(buf, want) != 0;
    }

    printf("-- struct returns\n");
    {
        struct s16 a = ret16(5, -6);
        printf("ret16 (rax:rdx) = {%ld, %ld}\n", a.a, a.b);
        struct sdd b = retdd(3, 1.25);
        printf("retdd (xmm0:xmm1) = {%.3f, %.3f}\n", b.x, b.y);
        struct sld c = retld(41, 2.0);
        printf("retld (rax + xmm0) = {%ld, %.2f}\n", c.a, c.b);
        struct s24 d = make24(7.9, -3);
        printf("make24 (hidden pointer) = {%ld, %ld, %ld}\n", d.a, d.b, d.c);
        struct s64 e = make64(-3);
        printf("make64 (hidden pointer) = {%ld .. %ld}\n", e.v[0], e.v[7]);
        struct s64 f = make64_16(A16(v));
        long ok = 1;
        for (int i = 0; i < 8; i++) ok &= f.v[i] == v[i + 1] + v[i + 9];
        printf("make64_16 (hidden pointer + 16 arguments, 11 on the stack): %s\n", ok ? "ok" : "WRONG");
        bad += !ok;
        struct s128 g = make128(e, 10);
        printf("make128 (hidden pointer + 64-byte struct argument) = {%ld, %ld, %ld}\n", g.v[0], g.v[8], g.v[15]);
    }

    printf("-- other paths\n");
    cl("program -> libfwd -> libargs: fwd_i16", fwd_i16(A16(v)), hl(v + 1, 16) + 1);
    cd("program -> libfwd -> libargs: fwd_d16", fwd_d16(A16(w)), hd(w + 1, 16) + 1);
    {
        struct s128 s;
        memcpy(s.v, v + 1, sizeof s.v);
        s.v[0] += 1;
        long h2 = hl(s.v, 16);
        s.v[0] -= 1;
        cl("program -> libfwd -> libargs: fwd_sv128", fwd_sv128(s), h2);
        struct s64 r = fwd_make64_16(A16(v));
        long ok = r.v[7] == v[9] + v[1] + 1000;
        for (int i = 0; i < 7; i++) ok &= r.v[i] == v[16 - i] + v[8 - i];
        printf("program -> libfwd -> libargs: fwd_make64_16: %s\n", ok ? "ok" : "WRONG");
        bad += !ok;
    }
    {
        long a[19];
        for (int i = 0; i < 19; i++) a[i] = i + 1;
        cl("libfwd -> libargs: vsum(19, 1..19)", fwd_vsum(), hl(a, 19));
    }
    i16_t p = i16;
    cl("program -> libargs through &i16", p(A16(v)), hl(v + 1, 16));
    cl("program -> libfwd, which calls &i16", fwd_call16(i16, A16(v)), hl(v + 1, 16));
    cl("program -> libfwd, which calls &prog_i16", fwd_call16(prog_i16, A16(v)), hl(v + 1, 16));
    {
        long a[16];
        for (int i = 0; i < 16; i++) a[i] = i + 1;
        cl("libargs -> libargs through its own &i16", self_i16(), hl(a, 16));
        for (int i = 0; i < 16; i++) a[i] = -(i + 1);
        double d[16];
        for (int i = 0; i < 16; i++) d[i] = i + 0.5;
        cl("libargs -> program: prog_i16 + prog_d16", args_calls_prog(), hl(a, 16) + (long)(hd(d, 16) * 2));
    }
    printf("%s\n", bad ? "SOME WRONG" : "all ok");
    return 0;
}
