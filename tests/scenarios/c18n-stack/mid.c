/* libmid: a second caller compartment.  mid_probe() calls scan_probe through its own thunk,
 * so the caller whose values must not reach libscan's stack is libmid. */
#include "probe.h"
#include "c18n-test.h"

static struct probe_in mid_in;

__attribute__((noinline)) uintptr_t mid_local(void) { return HERE_SP(); }

void mid_probe(struct probe_out *out)
{
    struct mapping m;
    if (!find_mapping(HERE_SP(), &m)) return;
    mid_in.caller_lo_x = m.lo ^ KEY;
    mid_in.caller_hi_x = m.hi ^ KEY;
    mid_thunk(&mid_in, out);
}
