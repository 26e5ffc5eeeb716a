/* libB: one of three library compartments. */
#include <stdlib.h>
#include <string.h>
#include "fn.h"
int b_fn(int x) { return x * 10 + 2; }
void b_addrs(struct addrs *o)
{
    o->f[F_A] = (void *)a_fn;
    o->f[F_B] = (void *)b_fn;
    o->f[F_C] = (void *)c_fn;
    o->f[F_PROG] = (void *)prog_fn;
    o->f[F_QSORT] = (void *)qsort;
    o->f[F_STRLEN] = (void *)strlen;
}
