/* haz.h: the interface of libhaz.so, one function or object per boundary hazard that
 * c18n-inspect must report (tests/inspect/run.sh asserts each by name). */
#include <stdarg.h>

struct big { long a, b, c; };                /* 24 bytes: always passed in memory */
struct pair { long x, y; };                  /* 16 bytes: two integer registers */
struct small { int a; float b; };            /* 8 bytes: one integer register */
struct ops { int (*open)(const char *path); int flags; };
struct config { const char *name; struct ops *ops; };

int many_ints(int a, int b, int c, int d, int e, int f, int g, int h);          /* 16 */
double many_doubles(double a, double b, double c, double d, double e, double f,
                    double g, double h, double i, double j);                     /* 16 */
long take_big(struct big b);                                                     /* 24 */
long double take_ld(long double x);                                              /* 16 */
int mixed(int a, struct big b, long double c, int d);                            /* 48 */
long ints_then_pair(int a, int b, int c, int d, int e, struct pair p);          /* 16 */
struct big ret_big(int a, int b, int c, int d, int e, int f);                    /* 8 */
int hz_printf(const char *fmt, ...);                                             /* variadic */
void register_cb(void (*cb)(int), void *arg);                                    /* fnptr */
int use_ops(const struct ops *o);                                                /* fnptr member */
int use_config(struct config *c);                                                /* via ops-> */
int take_small(struct small s);                                                  /* clean */
int lib_try(int fail);                                                           /* setjmp */
void lib_install(void);                                                          /* signal */

extern int shared_counter;
extern struct ops default_ops;
extern __thread int tls_counter;
