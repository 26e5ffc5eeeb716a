/* c18n-fnptr: a function's address compares equal in every compartment (program, libA, libB,
 * libC, the dlopen'ed libD), in initialised data, and through dlsym; calls through any of
 * those pointers from any compartment reach the function. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fn.h"

int prog_fn(int x) { return x * 10 + 9; }

static const char *fname[NF] = {"a_fn", "b_fn", "c_fn", "prog_fn", "qsort", "strlen"};
static void *const prog_table[NF] = {(void *)a_fn, (void *)b_fn, (void *)c_fn, (void *)prog_fn,
                                     (void *)qsort, (void *)strlen};

int main(void)
{
    struct addrs prog = {{(void *)a_fn, (void *)b_fn, (void *)c_fn, (void *)prog_fn, (void *)qsort,
                          (void *)strlen}};
    struct addrs tab, a, b, c, ct, cd, d, dl, dlh;
    memcpy(tab.f, prog_table, sizeof prog_table);
    a_addrs(&a);
    b_addrs(&b);
    c_addrs(&c);
    c_table(&ct);
    c_dlsym(&cd);
    void *h = dlopen("libD.so", RTLD_NOW | RTLD_GLOBAL);
    if (!h) { printf("dlopen: %s\n", dlerror()); return 1; }
    void (*d_addrs)(struct addrs *) = (void (*)(struct addrs *))dlsym(h, "d_addrs");
    void *(*d_self)(void) = (void *(*)(void))dlsym(h, "d_addr_of_d_fn");
    int (*d_call)(fn_t, int) = (int (*)(fn_t, int))dlsym(h, "d_call");
    if (!d_addrs || !d_self || !d_call) { printf("dlsym failed\n"); return 1; }
    d_addrs(&d);
    for (int i = 0; i < NF; i++) {
        dl.f[i] = dlsym(RTLD_DEFAULT, fname[i]);
        dlh.f[i] = dlsym(h, fname[i]);
    }
    struct { const char *who; struct addrs *v; } src[] = {
        {"program data", &tab}, {"libA", &a}, {"libB", &b}, {"libC", &c}, {"libC data", &ct},
        {"dlsym in libC", &cd}, {"libD", &d}, {"dlsym(RTLD_DEFAULT)", &dl}, {"dlsym(libD handle)", &dlh}};
    for (int i = 0; i < NF; i++) {
        printf("&%s ==", fname[i]);
        for (size_t s = 0; s < sizeof src / sizeof src[0]; s++)
            printf(" %s:%s", src[s].who,
                   !src[s].v->f[i] ? "none" : src[s].v->f[i] == prog.f[i] ? "yes" : "NO");
        printf("\n");
    }
    void *dfn = dlsym(h, "d_fn");
    /* the program is not in libD's handle scope: dlsym(h, "prog_fn") is NULL, printed "none" */
    printf("&d_fn: libD == dlsym(libD handle): %s, == dlsym(RTLD_DEFAULT): %s\n",
           d_self() == dfn ? "yes" : "no", dlsym(RTLD_DEFAULT, "d_fn") == dfn ? "yes" : "no");

    /* calls through the pointers, from the program and from libA, libC and libD */
    for (int i = 0; i <= F_PROG; i++) {
        fn_t f = (fn_t)prog.f[i];
        printf("%s(4) via pointer: from program %d, from libA %d, from libC %d, from libD %d\n",
               fname[i], f(4), a_call(f, 4), c_call(f, 4), d_call(f, 4));
    }
    fn_t df = (fn_t)dfn;
    printf("d_fn(5) via dlsym pointer: from program %d, from libA %d, from libC %d, from libD %d\n",
           df(5), a_call(df, 5), c_call(df, 5), d_call(df, 5));
    /* pointers taken in one library and called in another */
    printf("libA's &b_fn called from libC: %d; libB's &a_fn called from libD: %d; libD's &d_fn from libA: %d\n",
           c_call((fn_t)a.f[F_B], 6), d_call((fn_t)b.f[F_A], 6), a_call((fn_t)d_self(), 6));
    printf("libC's pointer to libc strlen works: %zu\n", ((size_t (*)(const char *))c.f[F_STRLEN])("abcd"));
    dlclose(h);
    return 0;
}
