/* libfwd: a library compartment between the program and libargs; its calls go
 * program -> libfwd -> libargs, each with its own copy of the stack arguments. */
#include "args.h"

long fwd_i16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
             long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    return i16(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16) + 1;
}
double fwd_d16(double a1, double a2, double a3, double a4, double a5, double a6, double a7,
               double a8, double a9, double a10, double a11, double a12, double a13, double a14,
               double a15, double a16)
{
    return d16(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16) + 1;
}
long fwd_sv128(struct s128 x)
{
    x.v[0] += 1;
    return sv128(x);
}
struct s64 fwd_make64_16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8,
                         long a9, long a10, long a11, long a12, long a13, long a14, long a15,
                         long a16)
{
    struct s64 r = make64_16(a16, a15, a14, a13, a12, a11, a10, a9, a8, a7, a6, a5, a4, a3, a2, a1);
    r.v[7] += 1000;
    return r;
}
long fwd_vsum(void)
{
    return vsum(19, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L,
                18L, 19L);
}
long fwd_call16(i16_t f, long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8,
                long a9, long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    return f(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16);
}
