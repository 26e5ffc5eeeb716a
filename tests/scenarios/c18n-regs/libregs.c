/* libregs: the callee compartment; regs_probe itself is in regs.S. */
#include "regs.h"
__attribute__((visibility("hidden"))) uint64_t regs_seen[NREGS];
const uint64_t *regs_seen_get(void) { return regs_seen; }
