/* c18n-stack: what the caller's thunk records and what the callee reports. */
#include <stdint.h>

/* Values are stored XORed with KEY so that the raw values exist only where the caller itself
 * put them (its stack, the trusted frame), never in the callee's locals. */
#define KEY 0x5a5a5a5a5a5a5a5aul

struct probe_in {          /* offsets used by thunk.S */
    uintptr_t ret_x;       /* 0:  the caller's true return address (label after its call) */
    uintptr_t sp_x;        /* 8:  the caller's %rsp just before the call */
    uintptr_t sp8_x;       /* 16: the caller's %rsp after the call pushed its return address */
    uintptr_t caller_lo_x, caller_hi_x; /* the caller's stack mapping */
};

struct probe_out {
    uintptr_t local;       /* address of a callee local */
    uintptr_t lo, hi;      /* the callee's stack mapping */
    int ret_is_callers;    /* the callee's return address is the caller's */
    int ret_in_loader;     /* ... lies in the loader, the executable (/proc/self/exe), while
                              the caller's code does not */
    long found_ret, found_sp, found_callerptr, found_planted;
};

/* thunk.S, assembled into the program (prog_thunk) and into libmid (mid_thunk) */
void prog_thunk(struct probe_in *in, struct probe_out *out);
void mid_thunk(struct probe_in *in, struct probe_out *out);

/* libscan */
void scan_probe(struct probe_in *in, struct probe_out *out);
uintptr_t scan_local(void);
uintptr_t scan_reenter(uintptr_t *outer, uintptr_t *prog_local);
int scan_qsort_on_own_stack(void);
/* libmid */
uintptr_t mid_local(void);
void mid_probe(struct probe_out *out);
/* program (exported with -rdynamic, called by name from libscan) */
uintptr_t prog_cb(uintptr_t *prog_local);
