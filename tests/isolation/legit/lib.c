/* liblegit: takes, keeps and returns pointers as libraries do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib.h"

int lib_counter = 100;
static int *kept;
static char buffer[256] __attribute__((aligned(4096))) = "liblegit's buffer";

int lib_read_config(void) { return prog_config; }
void lib_bump_config(void) { prog_config++; }
int lib_sum(const int *v, int n)
{
    int s = 0;
    for (int i = 0; i < n; i++) s += v[i];
    return s;
}
void lib_fill(int *v, int n, int x) { for (int i = 0; i < n; i++) v[i] = x + i; }
char *lib_buffer(void) { return buffer; }
void lib_keep(int *p) { kept = p; }
int lib_use_kept(int add) { *kept += add; return *kept; }
int lib_cfg_limit(const struct cfg *c, int i) { return i < c->n ? c->limits[i] : -1; }
int lib_call(int (*f)(int), int x) { return f(x); }
void lib_sort(int *v, int n, int (*cmp)(const void *, const void *)) { qsort(v, n, sizeof *v, cmp); }
int lib_pair(struct pair p) { return *p.a * 10 + *p.b; }
int lib_reenter(int depth)
{
    int local = depth * 3;
    if (depth == 0) return local;
    return prog_visit(&local, depth);   /* a pointer to this frame goes to the program */
}
void lib_print(const char *s) { printf("[lib] %s (%zu bytes)\n", s, strlen(s)); }
