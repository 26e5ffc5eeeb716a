/* hash16, compiled into every object that needs it (static copy each). */
#include "storm.h"
__attribute__((visibility("hidden"))) long hash16(long a1, long a2, long a3, long a4, long a5,
    long a6, long a7, long a8, long a9, long a10, long a11, long a12, long a13, long a14, long a15,
    long a16)
{
    long h = 0;
    H(a1); H(a2); H(a3); H(a4); H(a5); H(a6); H(a7); H(a8);
    H(a9); H(a10); H(a11); H(a12); H(a13); H(a14); H(a15); H(a16);
    return h;
}
