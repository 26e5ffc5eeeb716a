/* c18n-signal-storm: signals with handlers in libsig, arriving at any instruction of loops of
 * cross-compartment calls (including in the middle of trampolines). */
#define H(x) (h = h * 131 + (long)(x))
#define ARGS16(i) (i), (i) + 1, -(i), (i) * 3, 7, (i) ^ 0x55, (i) + 100, (i) - 100, (i) * 5, \
                  (i) >> 1, ~(i), (i) + 11, (i) * 7, 13, (i) - 17, (i) * 11
long hash16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
            long a10, long a11, long a12, long a13, long a14, long a15, long a16);
/* libwork */
long work16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
            long a10, long a11, long a12, long a13, long a14, long a15, long a16);
double workd12(double a1, double a2, double a3, double a4, double a5, double a6, double a7,
               double a8, double a9, double a10, double a11, double a12);
long work_via_sig(long i);     /* libwork -> libsig: sig16(ARGS16(i)) */
unsigned long work_local(void);
/* libsig */
long sig16(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
           long a10, long a11, long a12, long a13, long a14, long a15, long a16);
unsigned long sig_local(void);
void sig_install(int sig);
extern volatile long sig_count, sig_bad;
