/* c18n-stack: the callee of a cross-compartment call runs on its compartment's own stack, and
 * nothing on that stack holds the caller's return address or stack pointer.  Compartment-
 * specific: only the ld-c18n run is checked (native-skip). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include "probe.h"
#include "c18n-test.h"

static struct probe_in in;
/* outside every stack: a pointer to them on the callee's stack must not count as a caller pointer */
static struct probe_out o1, o2;

static void report(const char *caller, const struct probe_out *o, uintptr_t caller_local)
{
    struct mapping m;
    int ok = find_mapping(caller_local, &m);
    printf("%s -> libscan: callee on a different stack mapping: %s\n", caller,
           YN(ok && o->lo && (o->local < m.lo || o->local >= m.hi)));
    printf("%s -> libscan: callee stack mapping is at least 8 MiB: %s\n", caller,
           YN(o->hi - o->lo >= (8u << 20)));
    printf("%s -> libscan: callee returns to the caller directly: %s\n", caller, YN(o->ret_is_callers));
    printf("%s -> libscan: callee returns into ld-c18n (landing pad): %s\n", caller, YN(o->ret_in_loader));
    printf("%s -> libscan: scanner finds a value planted on the callee stack: %s\n", caller,
           YN(o->found_planted == 1));
    printf("%s -> libscan: caller's return address on the callee stack: %s\n", caller, YN(o->found_ret));
    printf("%s -> libscan: caller's stack pointer on the callee stack: %s\n", caller, YN(o->found_sp));
    printf("%s -> libscan: any pointer into the caller's stack on the callee stack: %s\n", caller,
           YN(o->found_callerptr));
}

__attribute__((noinline)) uintptr_t prog_cb(uintptr_t *prog_local)
{
    *prog_local = HERE_SP();
    return scan_local();
}

static uintptr_t main_scan;
static int thr_own_scan_stack, thr_not_pthread_stack;
static void *thread(void *arg)
{
    (void)arg;
    pthread_attr_t a;
    void *base;
    size_t size;
    pthread_getattr_np(pthread_self(), &a);
    pthread_attr_getstack(&a, &base, &size);
    pthread_attr_destroy(&a);
    uintptr_t t = scan_local();
    struct mapping m;
    thr_own_scan_stack = find_mapping(t, &m) && !same_mapping(t, main_scan);
    thr_not_pthread_stack = t < (uintptr_t)base || t >= (uintptr_t)base + size;
    return NULL;
}

int main(void)
{
    struct mapping m;
    uintptr_t main_local = HERE_SP();
    find_mapping(main_local, &m);
    in.caller_lo_x = m.lo ^ KEY;
    in.caller_hi_x = m.hi ^ KEY;
    prog_thunk(&in, &o1);
    report("program", &o1, main_local);
    mid_probe(&o2);
    report("libmid", &o2, mid_local());

    uintptr_t s = scan_local(), mid = mid_local();
    printf("program, libmid, libscan stacks pairwise distinct: %s\n",
           YN(!same_mapping(main_local, mid) && !same_mapping(main_local, s) && !same_mapping(mid, s)));

    uintptr_t outer, pl, inner = scan_reenter(&outer, &pl);
    printf("re-entered libscan (program -> libscan -> program -> libscan) runs on libscan's stack below the first activation: %s\n",
           YN(same_mapping(inner, outer) && inner < outer));
    printf("the program called back from libscan runs on the program's stack below main: %s\n",
           YN(same_mapping(pl, main_local) && pl < main_local));
    printf("top-level calls into libscan reuse the same stack top: %s\n", YN(scan_local() == s && scan_local() == s));
    printf("libc's qsort called from libscan runs libscan's comparator on libscan's stack: %s\n",
           YN(scan_qsort_on_own_stack()));

    void *h = dlopen("libplug.so", RTLD_NOW);
    uintptr_t (*plug_local)(void) = h ? (uintptr_t(*)(void))dlsym(h, "plug_local") : NULL;
    uintptr_t pl2 = plug_local ? plug_local() : 0;
    printf("the dlopen'ed libplug runs on a stack of its own: %s\n",
           YN(pl2 && !same_mapping(pl2, main_local) && !same_mapping(pl2, s) && !same_mapping(pl2, mid)));

    pthread_t t;
    main_scan = s;
    pthread_create(&t, NULL, thread, NULL);
    pthread_join(t, NULL);
    printf("a new thread gets its own libscan stack: %s\n", YN(thr_own_scan_stack));
    printf("... which is not the thread's own stack: %s\n", YN(thr_not_pthread_stack));
    return 0;
}
