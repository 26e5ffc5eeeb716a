/* c18n-signal-returns: signals landing in the middle of returns from libsrl to libsrc, with a
 * handler in libsrl that calls back into libsrc. */
#define H(x) (h = h * 131 + (long)(x))
#define ARGS16(i) (i), (i) + 1, -(i), (i) * 3, 7, (i) ^ 0x55, (i) + 100, (i) - 100, (i) * 5, \
                  (i) >> 1, ~(i), (i) + 11, (i) * 7, 13, (i) - 17, (i) * 11
long c_loop(long start, long n);   /* libsrc: sum of l_leaf(i) for i in [start, start+n) */
long c16(long, long, long, long, long, long, long, long, long, long, long, long, long, long, long, long);
extern volatile long c_frame_bad;  /* libsrc: its frame was found overwritten */
long l_leaf(long x);               /* libsrl */
void l_install(int sig);
extern volatile long l_count, l_bad;
