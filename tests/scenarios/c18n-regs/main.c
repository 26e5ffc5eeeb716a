/* c18n-regs: registers at the callee's entry and at the caller after the return, for calls
 * from the program and from a library into libregs (regs.S records them exactly).
 *   callee-saved (c18n-regs): %rbx %rbp %r12-%r15 arrive zeroed; argument registers (%rdi %rsi %rdx
 *       %rcx %r8 %r9 %rax, %xmm0-7) pass through; the caller's callee-saved registers are
 *       restored; the results (%rax %rdx %xmm0 %xmm1) come back.
 *   scratch (c18n-regs-scratch): %r10 %r11 %xmm8-15 arrive zeroed; the callee's %rcx %rsi %rdi
 *       %r8-%r11 %xmm2-15 do not come back to the caller (cleared on return).
 * Compartment-specific: only the ld-c18n run is checked (native-skip). */
#include <stdio.h>
#include <string.h>
#include "regs.h"

void libcaller_call(struct regs_io *io);

static const char *name[NREGS] = {"rbx", "rbp", "r12", "r13", "r14", "r15", "rdi", "rsi", "rdx",
                                  "rcx", "r8", "r9", "rax", "r10", "r11", "xmm0", "xmm1", "xmm2",
                                  "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
                                  "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"};

static uint64_t setv(int i) { return 0x5e70000000001234ull | ((uint64_t)(i + 1) << 16); }

static const char *cls(uint64_t v, int i)
{
    if (v == 0) return "0";
    if (v == setv(i)) return "caller's";
    if (v == JUNK(i)) return "callee's";
    return "other";
}

/* "label: what: r1=class r2=class ..." for the registers listed in regs[] */
static void show(const char *label, const char *what, const uint64_t *vals, const int *regs, int n)
{
    printf("%s: %s:", label, what);
    for (int k = 0; k < n; k++) printf(" %s=%s", name[regs[k]], cls(vals[regs[k]], regs[k]));
    printf("\n");
}

static int all(const uint64_t *vals, int from, int to, int caller)
{
    for (int i = from; i <= to; i++)
        if (vals[i] != (caller ? setv(i) : 0)) return 0;
    return 1;
}

static void one(const char *label, void (*call)(struct regs_io *), int scratch)
{
    struct regs_io io;
    memset(&io, 0, sizeof io);
    for (int i = 0; i < NREGS; i++) io.set[i] = setv(i);
    call(&io);
    const uint64_t *seen = regs_seen_get();
    if (!scratch) {
        static const int cs[] = {R_RBX, R_RBP, R_R12, R_R13, R_R14, R_R15};
        show(label, "callee-saved registers at callee entry", seen, cs, 6);
        printf("%s: %%rdi %%rsi %%rdx %%rcx %%r8 %%r9 %%rax at callee entry are the caller's: %s\n",
               label, all(seen, R_RDI, R_RAX, 1) ? "yes" : "no");
        printf("%s: %%xmm0-7 at callee entry are the caller's: %s\n", label,
               all(seen, R_XMM0, R_XMM0 + 7, 1) ? "yes" : "no");
        show(label, "callee-saved registers after return", io.after, cs, 6);
        printf("%s: results after return (%%rax %%rdx %%xmm0 %%xmm1): %s\n", label,
               io.after[R_RAX] == RET_RAX && io.after[R_RDX] == RET_RDX &&
                       io.after[R_XMM0] == RET_XMM0 && io.after[R_XMM0 + 1] == RET_XMM1
                   ? "the callee's"
                   : "wrong");
    } else {
        static const int in[] = {R_R10, R_R11, R_XMM0 + 8, R_XMM0 + 9, R_XMM0 + 10, R_XMM0 + 11,
                                 R_XMM0 + 12, R_XMM0 + 13, R_XMM0 + 14, R_XMM0 + 15};
        show(label, "scratch registers at callee entry", seen, in, 10);
        static const int out[] = {R_RCX, R_RSI, R_RDI, R_R8, R_R9, R_R10, R_R11};
        show(label, "scratch registers after return", io.after, out, 7);
        static const int outx[] = {R_XMM0 + 2, R_XMM0 + 3, R_XMM0 + 4, R_XMM0 + 5, R_XMM0 + 6,
                                   R_XMM0 + 7, R_XMM0 + 8, R_XMM0 + 9, R_XMM0 + 10, R_XMM0 + 11,
                                   R_XMM0 + 12, R_XMM0 + 13, R_XMM0 + 14, R_XMM0 + 15};
        show(label, "vector registers after return", io.after, outx, 14);
    }
}

int main(int argc, char **argv)
{
    int scratch = argc > 1 && !strcmp(argv[1], "scratch");
    one("program -> libregs, first call", prog_regs_call, scratch);
    one("program -> libregs, second call", prog_regs_call, scratch);
    one("libcaller -> libregs", libcaller_call, scratch);
    return 0;
}
