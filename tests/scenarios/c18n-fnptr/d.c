/* libD: dlopen'ed; a fourth library compartment. */
#include <stdlib.h>
#include <string.h>
#include "fn.h"
int d_fn(int x) { return x * 10 + 4; }
void d_addrs(struct addrs *o)
{
    o->f[F_A] = (void *)a_fn;
    o->f[F_B] = (void *)b_fn;
    o->f[F_C] = (void *)c_fn;
    o->f[F_PROG] = (void *)prog_fn;
    o->f[F_QSORT] = (void *)qsort;
    o->f[F_STRLEN] = (void *)strlen;
}
void *d_addr_of_d_fn(void) { return (void *)d_fn; }
int d_call(fn_t f, int x) { return f(x); }
