/* c18n-regs: register state across a cross-compartment call.  Layout used by regs.S. */
#include <stdint.h>

enum { R_RBX, R_RBP, R_R12, R_R13, R_R14, R_R15,        /* callee-saved */
       R_RDI, R_RSI, R_RDX, R_RCX, R_R8, R_R9, R_RAX,   /* arguments (%al: vector count) */
       R_R10, R_R11,                                    /* scratch */
       R_XMM0, NREGS = R_XMM0 + 16 };                   /* low 64 bits of %xmm0-15 */

struct regs_io {
    uint64_t set[NREGS];   /* loaded by the caller right before the call */
    uint64_t after[NREGS]; /* what the caller sees right after the call */
};

/* values the callee (regs_probe) leaves in registers when it returns */
#define RET_RAX 0x0123456789abcdefull
#define RET_RDX 0x1032547698badcfeull
#define RET_XMM0 0x4009219999999999ull
#define RET_XMM1 0xc00b333333333333ull
#define JUNK(i) (0x7e7e000000000000ull | ((uint64_t)(i) << 8) | 0x5a)

/* regs.S */
void prog_regs_call(struct regs_io *io);  /* in the program */
void lib_regs_call(struct regs_io *io);   /* in libcaller */
/* libregs: records every register on entry into regs_seen[], returns RET_* in the result
 * registers and JUNK(i) in every other scratch register */
long regs_probe(long, long, long, long, long, long);
const uint64_t *regs_seen_get(void);
