/* libsrc: the caller compartment.  c_loop keeps a guard pattern in its frame while it calls
 * libsrl's leaf function over and over; the handler (in libsrl) calls c16 here meanwhile. */
#include "sr.h"
volatile long c_frame_bad;
long c16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
         long a10, long a11, long a12, long a13, long a14, long a15, long a16)
{
    long h = 0;
    H(a1); H(a2); H(a3); H(a4); H(a5); H(a6); H(a7); H(a8);
    H(a9); H(a10); H(a11); H(a12); H(a13); H(a14); H(a15); H(a16);
    return h;
}
long c_loop(long start, long n)
{
    volatile long guard[8];
    for (int k = 0; k < 8; k++) guard[k] = 0x600df00d00 + k;
    long s = 0;
    for (long i = start; i < start + n; i++) s += l_leaf(i);
    for (int k = 0; k < 8; k++)
        if (guard[k] != 0x600df00d00 + k) c_frame_bad++;
    return s;
}
