/*
 * tramp.h: layouts shared between the trampoline assembly and C.
 *
 * Must stay true: every offset here is checked by a _Static_assert in trampolines/tramp.c
 * against the C structure it describes; assembly uses only these names.
 *
 * Thread state lives at the bottom of the loader's TLS block, which ends at the thread
 * pointer (rtld/tls.c), so a field is reached as %fs:TS_xxx with a constant displacement.
 */
#ifndef C18N_TRAMP_H
#define C18N_TRAMP_H

#ifndef C18N_TLS_AREA
#define C18N_TLS_AREA 65536 /* static TLS for every loaded object: common libraries need at
                            * most a few KiB; glibc copies the whole area into every new thread */
#endif
/* The thread pointer's alignment, the largest a static TLS block may have: 4 KiB, or 64 KiB in
 * ld-c18n-tls64k (Makefile), the build that runs a program whose own TLS needs more (main.c);
 * there the thread state is padded to a multiple of it and the area is 128 KiB, so that the
 * program's block leaves room for the libraries': every thread copies 184 KiB more. */
#ifndef C18N_TLS_ALIGN
#define C18N_TLS_ALIGN 4096
#endif
#define C18N_TLS_ALIGN_MAX 65536
#if C18N_TLS_ALIGN > 4096
#define C18N_TS_SIZE C18N_TLS_ALIGN /* reserved for struct c18n_thread */
#else
#define C18N_TS_SIZE 4096
#endif
#define C18N_TLS_BLOCK (C18N_TS_SIZE + C18N_TLS_AREA)

/* struct c18n_thread field offsets, and their %fs-relative displacements */
#define TS_CUR_OFF 0           /* long: current compartment id */
#define TS_TSTACK_OFF 8        /* struct tframe *: next free trusted frame */
#define TS_TSTACK_LIMIT_OFF 16 /* end of the trusted stack */
#define TS_STACKS_OFF 24       /* uintptr_t *: per-compartment stack pointer table */
#define TS_NSTACKS_OFF 32      /* unsigned long: entries in that table */
#define TS_HOOK_LO_OFF 40      /* isolation: this thread's hook stack, [lo, lo + HOOK_STACK_SIZE) */
#define TS_HOOK_HI_OFF 48
#define TS_HOOK_TOP_OFF 56     /* where the next hook not nested by %rsp starts (see below) */
#define TS_DEFER_OFF 64        /* isolation: depth of regions deferring asynchronous signals */
#define TS_SIGPEND_OFF 72      /* isolation: signals deferred meanwhile (bit sig - 1), blocked */
#define TS_CUR (-C18N_TLS_BLOCK + TS_CUR_OFF)
#define TS_TSTACK (-C18N_TLS_BLOCK + TS_TSTACK_OFF)
#define TS_TSTACK_LIMIT (-C18N_TLS_BLOCK + TS_TSTACK_LIMIT_OFF)
#define TS_STACKS (-C18N_TLS_BLOCK + TS_STACKS_OFF)
#define TS_NSTACKS (-C18N_TLS_BLOCK + TS_NSTACKS_OFF)
#define TS_HOOK_LO (-C18N_TLS_BLOCK + TS_HOOK_LO_OFF)
#define TS_HOOK_HI (-C18N_TLS_BLOCK + TS_HOOK_HI_OFF)
#define TS_HOOK_TOP (-C18N_TLS_BLOCK + TS_HOOK_TOP_OFF)
#define TS_DEFER (-C18N_TLS_BLOCK + TS_DEFER_OFF)
#define TS_SIGPEND (-C18N_TLS_BLOCK + TS_SIGPEND_OFF)

/* Isolation (isolation/): the transition hooks run in C on a stack of the loader's own per
 * thread, never on a compartment's (tramp.S HOOK_STACK).  A hook interrupted by a signal whose
 * handler makes a transition nests below itself on the same stack; the handler's own calls,
 * made from a compartment's stack, start below that nested hook (TS_HOOK_TOP, kept in each
 * frame as TF_HOOKTOP and restored when the frame goes), not at the top: the interrupted
 * hook still owns the stack above. */
#define HOOK_STACK_SIZE (256 * 1024)

/* Frames a thread's trusted stack holds (nested cross-compartment calls). */
#define TSTACK_FRAMES 8192

/* struct tframe: one trusted-stack frame per active cross-compartment call */
#define TF_CALLER 0    /* caller compartment id */
#define TF_CALLEE 8    /* callee compartment id */
#define TF_RSP 16      /* caller's %rsp at the call (points at its return address) */
#define TF_RET 24      /* caller's return address */
#define TF_RBX 32
#define TF_RBP 40
#define TF_R12 48
#define TF_R13 56
#define TF_R14 64
#define TF_R15 72
#define TF_DESC 80     /* struct tdesc * of the entry called */
#define TF_SAVED_SP 88 /* caller compartment's previous stack pointer slot value */
#define TF_SAVED_CALLEE_SP 96 /* callee compartment's previous stack pointer slot value */
/* Isolation only (filled by the hook, c18n_iso_enter): the call's integer argument registers
 * and up to TF_NSARGS stack-argument words that point into a stack, as the caller passed
 * them: the capabilities the callee holds for the call's duration, kept where it cannot
 * rewrite them. */
#define TF_ARGS 104    /* uintptr_t[6]: %rdi %rsi %rdx %rcx %r8 %r9 */
#define TF_SARGS 152   /* uintptr_t[TF_NSARGS] */
#define TF_NSARGS 3
#define TF_NSARG 176   /* uint32: stack-argument words kept */
#define TF_TRACED 180  /* uint32: tracing wrote this call's record (LD_C18N_TRACE_SAMPLE) */
#define TF_HOOKTOP 184 /* TS_HOOK_TOP before this call */
#define TF_SIZE 192

/* struct tdesc: one per entry (target function), read-only after it is written; what only
 * the loader reads (symbol, defining object) lies in a side table (tramp.c) */
#define TD_TARGET 0
#define TD_COMP 8      /* uint32: callee compartment id, | TD_COMP_REFINE */
/* In TD_COMP: the entry's stack-argument bytes (the default window meanwhile) may still be
 * shown to be 0 by its C++ name.  No stack table reaches such an id, so the entry's first
 * call takes the setup path (c18n_tramp_setup), which reads the name and clears the bit: the
 * thousands of entries a library's vtables need at start-up cost no name reading unless
 * called. */
#define TD_COMP_REFINE 0x80000000u
#define TD_NSTACK 12   /* uint32: bytes of stack arguments to copy (multiple of 8) */
#define TD_BODY 16     /* trampoline body the entry jumps to */
#define TD_FLAGS 24    /* uint64: TDESC_QUIET */
#define TDESC_QUIET 1
/* isolation (captab.c): the target's DWARF says which integer argument registers may carry a
 * pointer (bits TDESC_PTRS_SHIFT + 0 for %rdi ... + 5 for %r9); only those grant */
#define TDESC_PTRS_KNOWN 2
#define TDESC_PTRS_SHIFT 8
#define TDESC_PTRS_MASK (0x3fu << TDESC_PTRS_SHIFT)
#define TD_SIZE 32
#define TD_SHIFT 5
/* An entry's edge counters (statistics, trace.c struct eslot): TD_SIZE bytes at
 * c18n_stats_delta past its descriptor, two (caller compartment + 1, calls) pairs */
#define ES_WHO1 0
#define ES_CALLS1 8
#define ES_WHO2 16
#define ES_CALLS2 24

/* Stack-argument windows.  The callee's stack is laid out, from its entry %rsp up:
 *   [return address = landing pad][W bytes: copied stack arguments][trusted frame pointer]
 * so the landing pad's CFI finds the trusted frame at a constant offset W. */
#define TW_SMALL 128    /* default: 16 stack words */
#define TW_LARGE 1024   /* stack arguments known (DWARF) to be larger */

/* Entry stubs, 16 bytes each, after a STUB_HDR-byte page header (tramp.c, make_stub_page):
 *   header  [0]  the trampoline body's address
 *           [8]  the descriptor index of the page's first stub
 *           [16] dispatch code: cmpq $COMP, %fs:TS_CUR; je 1f; jmp *[0](%rip);
 *                1: jmp *(%r11)  (same compartment: straight to the descriptor's target)
 *   stub         movabs $descriptor, %r11; jmp <dispatch code>
 * COMP is the compartment of every entry on the page (an object's own pages); the body
 * pointer is then the body's entry past its own same-compartment test.  The global pages,
 * shared by compartments, have stubs that jump through [0] to the whole body at once, which
 * tells compartments apart itself (their dispatch code, COMP -1, is never reached). */
#define STUB_SIZE 16
#define STUB_HDR 48
#define STUBS_PER_PAGE(pagesize) (((pagesize) - STUB_HDR) / STUB_SIZE)

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <link.h>
/* One entry's descriptor (offsets above, checked in tramp.c). */
struct tdesc {
	ElfW(Addr) target;
	uint32_t comp;
	uint32_t nstack;
	void *body;
	uint64_t flags;  /* TDESC_QUIET: not traced or counted (the loader's own transitions) */
};
/* One trusted-stack frame (offsets above, checked in tramp.c). */
struct tframe {
	long caller, callee;
	uintptr_t rsp, ret;
	uintptr_t rbx, rbp, r12, r13, r14, r15;
	struct tdesc *desc;
	uintptr_t saved_sp;
	uintptr_t saved_callee_sp;
	uintptr_t args[6];
	uintptr_t sargs[TF_NSARGS];
	uint32_t nsarg;
	uint32_t traced;
	uintptr_t hooktop;
};
#endif
#endif
