/* libC: one of three library compartments. */
#include <stdlib.h>
#include <string.h>
#include "fn.h"
int c_fn(int x) { return x * 10 + 3; }
void c_addrs(struct addrs *o)
{
    o->f[F_A] = (void *)a_fn;
    o->f[F_B] = (void *)b_fn;
    o->f[F_C] = (void *)c_fn;
    o->f[F_PROG] = (void *)prog_fn;
    o->f[F_QSORT] = (void *)qsort;
    o->f[F_STRLEN] = (void *)strlen;
}
int c_call(fn_t f, int x) { return f(x); }
/* R_X86_64_64 relocations in data */
static void *const table[NF] = {(void *)a_fn, (void *)b_fn, (void *)c_fn, (void *)prog_fn,
                                (void *)qsort, (void *)strlen};
void c_table(struct addrs *o) { memcpy(o->f, table, sizeof table); }
#include <dlfcn.h>
void c_dlsym(struct addrs *o)
{
    static const char *const names[NF] = {"a_fn", "b_fn", "c_fn", "prog_fn", "qsort", "strlen"};
    for (int i = 0; i < NF; i++) o->f[i] = dlsym(RTLD_DEFAULT, names[i]);
}
