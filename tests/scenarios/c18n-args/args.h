/* c18n-args: cross-compartment calls with arguments in registers and on the stack (at most
 * 128 bytes of stack arguments, the window ld-c18n copies by default). */
#include <stddef.h>

#define H(x) (h = h * 131 + (long)(x))
#define HD(x) (h = h * 3 + (double)(x))

#include "args_gen.h"

struct s16 { long a, b; };                 /* %rdi:%rsi */
struct sdd { double x, y; };               /* %xmm0:%xmm1 */
struct smix { int i; float f; double d; }; /* INTEGER + SSE */
struct sld { long a; double b; };          /* returned in %rax + %xmm0 */
struct s24 { long a, b, c; };              /* MEMORY: 24 bytes on the stack */
struct s64 { long v[8]; };                 /* 64 bytes */
struct s128 { long v[16]; };               /* 128 bytes: the whole default window */

/* libargs */
long mix20(int a, double b, long c, float d, signed char e, double f, short g, long h, double i,
           unsigned char j, float k, long long l, double m, int n, double o, long p, double q,
           float r, int s, double t);
long sv16(struct s16 x, long y);
double svdd(struct sdd x, double y);
double svmix(struct smix x, struct smix y, int z);
long sv24(struct s24 x, long y);
long sv64(struct s64 x);
long sv128(struct s128 x);
long sv64_after(long a, long b, long c, long d, long e, long f, struct s64 s, long g, long h);
long double ld4(long double a, long double b, long double c, long double d);
__int128 i128(long a, long b, long c, long d, long e, __int128 x, __int128 y);
long vsum(int n, ...);
int vfmt(char *buf, size_t len, const char *fmt, ...);
struct s16 ret16(long a, long b);
struct sdd retdd(double a, double b);
struct sld retld(long a, double b);
struct s24 make24(double x, long y);
struct s64 make64(long seed);
struct s64 make64_16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8,
                     long a9, long a10, long a11, long a12, long a13, long a14, long a15, long a16);
struct s128 make128(struct s64 a, long k);
long self_i16(void);       /* libargs calls its own i16 through its address */
long args_calls_prog(void); /* libargs calls the program's prog_i16 and prog_mix */
/* program (exported, called back by name from libargs) */
long prog_i16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
              long a10, long a11, long a12, long a13, long a14, long a15, long a16);
double prog_d16(double a1, double a2, double a3, double a4, double a5, double a6, double a7,
                double a8, double a9, double a10, double a11, double a12, double a13, double a14,
                double a15, double a16);
/* libfwd: forwards to libargs (library -> library) */
long fwd_i16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
             long a10, long a11, long a12, long a13, long a14, long a15, long a16);
double fwd_d16(double a1, double a2, double a3, double a4, double a5, double a6, double a7,
               double a8, double a9, double a10, double a11, double a12, double a13, double a14,
               double a15, double a16);
long fwd_sv128(struct s128 x);
struct s64 fwd_make64_16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8,
                         long a9, long a10, long a11, long a12, long a13, long a14, long a15,
                         long a16);
long fwd_vsum(void);
typedef long (*i16_t)(long, long, long, long, long, long, long, long, long, long, long, long, long,
                      long, long, long);
long fwd_call16(i16_t f, long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8,
                long a9, long a10, long a11, long a12, long a13, long a14, long a15, long a16);
