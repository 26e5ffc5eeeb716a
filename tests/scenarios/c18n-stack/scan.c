/* libscan: the callee.  scan_probe() scans its whole stack mapping for the caller's return
 * address and stack pointer, and for any pointer into the caller's stack mapping. */
#include <stdlib.h>
#include <unistd.h>
#include "probe.h"
#include "c18n-test.h"

#define PLANT_X 0x1234567812345678ul

__attribute__((noinline)) static void scan(const struct probe_in *in, struct probe_out *out)
{
    struct mapping m;
    if (!find_mapping(out->local, &m)) return;
    out->lo = m.lo;
    out->hi = m.hi;
    long fr = 0, fs = 0, fc = 0, fp = 0;
    uintptr_t clo = in->caller_lo_x ^ KEY, chi = in->caller_hi_x ^ KEY;
    for (volatile uintptr_t *p = (uintptr_t *)m.lo; p < (uintptr_t *)m.hi; p++) {
        uintptr_t w = *p ^ KEY; /* compare XORed: the raw needles never sit in our frame */
        fr += w == in->ret_x;
        fs += w == in->sp_x || w == in->sp8_x;
        fp += w == (PLANT_X ^ KEY);
        fc += (w ^ KEY) >= clo && (w ^ KEY) < chi;
    }
    out->found_ret = fr;
    out->found_sp = fs;
    out->found_callerptr = fc;
    out->found_planted = fp;
}

void scan_probe(struct probe_in *in, struct probe_out *out)
{
    volatile uintptr_t planted = PLANT_X; /* the scanner's self-check: this one must be found */
    out->local = (uintptr_t)&planted;
    uintptr_t ret = (uintptr_t)__builtin_return_address(0);
    out->ret_is_callers = (ret ^ KEY) == in->ret_x;
    scan(in, out);
    /* only after the scan: the caller's raw return address may now sit in our frame */
    /* (the loader's file by its name: /proc/self/exe names the program, as natively) */
    struct mapping mr, mc;
    const char *base;
    out->ret_in_loader = find_mapping(ret, &mr) && find_mapping(in->ret_x ^ KEY, &mc) &&
                         (base = strrchr(mr.path, '/')) && !strcmp(base, "/ld-c18n") &&
                         strcmp(mc.path, mr.path) != 0;
    __asm__ volatile("" : : "r"(&planted) : "memory");
}

__attribute__((noinline)) uintptr_t scan_local(void) { return HERE_SP(); }

/* program -> libscan -> program (by name) -> libscan */
uintptr_t scan_reenter(uintptr_t *outer, uintptr_t *prog_local)
{
    *outer = HERE_SP();
    return prog_cb(prog_local);
}

static uintptr_t cmp_local;
static int cmp(const void *a, const void *b)
{
    cmp_local = HERE_SP();
    return *(const int *)a - *(const int *)b;
}

/* libc's qsort runs on our stack and calls our comparator there */
int scan_qsort_on_own_stack(void)
{
    int v[4] = {3, 1, 2, 0};
    uintptr_t here = HERE_SP();
    qsort(v, 4, sizeof v[0], cmp);
    return v[0] == 0 && v[3] == 3 && same_mapping(here, cmp_local) && cmp_local < here;
}
