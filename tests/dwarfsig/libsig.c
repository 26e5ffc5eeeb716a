/* libsig.c: C functions whose stack-argument bytes are known (tests/dwarfsig/run.sh checks
 * each answer of dwarfsig_lookup; the number is in the comment). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

struct b40 { long v[5]; };                      /* 40 bytes: MEMORY */
struct b200 { char c[200]; };                   /* 200 bytes: MEMORY */
struct pair { long a, b; };                     /* two INTEGER eightbytes */
struct al32 { long a; } __attribute__((aligned(32)));

long sig_none(void) { return 0; }                                               /* 0 */
long sig_six_ints(int a, int b, int c, int d, int e, int f) { return a + f; }   /* 0 */
long sig_seven_ints(int a, int b, int c, int d, int e, int f, int g)            /* 8 */
{ return a + g; }
long sig_eight_ints(int a, int b, int c, int d, int e, int f, int g, int h)     /* 16 */
{ return a + h; }
double sig_eight_doubles(double a, double b, double c, double d, double e, double f,
			 double g, double h)                                    /* 0 */
{ return a + h; }
double sig_nine_doubles(double a, double b, double c, double d, double e, double f,
			double g, double h, double i)                           /* 8 */
{ return a + i; }
double sig_ten_doubles(double a, double b, double c, double d, double e, double f,
		       double g, double h, double i, double j)                  /* 16 */
{ return a + j; }
double sig_full_files(int a, int b, int c, int d, int e, int f, double g, double h, double i,
		      double j, double k, double l, double m, double n)         /* 0 */
{ return a + n; }
long sig_big40(struct b40 s) { return s.v[4]; }                                 /* 40 */
long sig_big200(struct b200 s) { return s.c[199]; }                             /* 200 */
long sig_long_double(long double x) { return (long)x; }                         /* 16 */
long sig_ld_after_7(long a, long b, long c, long d, long e, long f, long g,
		    long double x)                          /* 8, pad to 16, 16: 32 */
{ return a + g + (long)x; }
long sig_big40_ld(struct b40 s, long double x) { return s.v[0] + (long)x; }     /* 64 */
struct b40 sig_ret_mem_six(int a, int b, int c, int d, int e, int f)            /* 8 */
{ struct b40 r = { { a, b, c, d, e + f } }; return r; }
struct pair sig_ret_pair_six(int a, int b, int c, int d, int e, int f)          /* 0 */
{ struct pair r = { a, f }; return r; }
long sig_pair_after_five(long a, long b, long c, long d, long e, struct pair p) /* 16 */
{ return a + e + p.b; }
long sig_pair_then_long(long a, long b, long c, long d, long e, struct pair p, long g)
{ return a + e + p.b + g; }                                                     /* 16 */
long sig_aligned32(long a, long b, long c, long d, long e, long f, long g,
		   struct al32 s)                           /* 8, pad to 32, 32: 64 */
{ return a + g + s.a; }
int sig_printf(const char *fmt, ...)                                            /* variadic */
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
int sig_vprintf(const char *fmt, va_list ap) { return vprintf(fmt, ap); }       /* 0 */
long sig_alias(int a, int b, int c, int d, int e, int f, int g, int h)          /* 16 */
	__attribute__((alias("sig_eight_ints")));
static long sig_static(long a) { return a + 1; }
long sig_calls_static(long a) { return sig_static(a) + puts("x"); }             /* 0 */
/* which argument registers may carry a pointer (dwarfsig_lookup's mask; bit 0 %rdi) */
struct ptrpair { long a, b; };
struct big3 { long a, b, c; };
enum colour { RED, GREEN };
long ptr_mixed(const char *p, long n, int *q, enum colour c) { return *p + n + *q + c; } /* 0x5 */
long ptr_uintptr(uintptr_t a, unsigned long b, intptr_t c) { return (long)(a + b) + c; } /* 0x5 */
long ptr_pair(struct ptrpair s, int x, double d) { return s.a + x + (long)d; }          /* 0x3 */
struct big3 ptr_ret_mem(long a, char *b) { struct big3 r = { a, *b, 0 }; return r; }    /* 0x5 */
long ptr_none(int a, long b, short c) { return a + b + c; }                             /* 0x0 */
int ptr_variadic(int n, ...) { return n; }                                             /* unknown */

/* Unions of two unions of two unions ...: one byte, 2^depth members in their DWARF.  The
 * classifier visits at most CLASSIFY_BUDGET (4096) type DIEs per argument (rtld/dwarf-abi.c):
 * depth 10 (2,047 DIEs) is understood, depth 13 (16,383) is not (a deeper or wider one would
 * otherwise take years). */
union wu13 { char c; };
union wu12 { union wu13 a, b; };
union wu11 { union wu12 a, b; };
union wu10 { union wu11 a, b; };
union wu9 { union wu10 a, b; };
union wu8 { union wu9 a, b; };
union wu7 { union wu8 a, b; };
union wu6 { union wu7 a, b; };
union wu5 { union wu6 a, b; };
union wu4 { union wu5 a, b; };
union wu3 { union wu4 a, b; };
union wu2 { union wu3 a, b; };
union wu1 { union wu2 a, b; };
union wu0 { union wu1 a, b; };
long sig_wide_union(union wu0 x, long y) { return x.a.a.a.a.a.a.a.a.a.a.a.a.a.c + y; }       /* unknown */
long sig_narrow_union(union wu3 x, long a, long b, long c, long d, long e, long f)
{                                                                       /* 8 */
	return x.a.a.a.a.a.a.a.a.a.a.c + a + b + c + d + e + f;
}
