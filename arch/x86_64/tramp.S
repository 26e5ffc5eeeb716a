/*
 * tramp.S (x86-64): the cross-compartment call path (trampoline body), its landing pads with
 * CFI, and the slow-path entry that allocates per-thread state.
 *
 * Must stay true:
 *  - Offsets come from trampolines/tramp.h only (pinned there by _Static_asserts in C).
 *  - Every argument register survives the trip to the callee: %rdi %rsi %rdx %rcx %r8 %r9,
 *    %rax (%al: vector count of a variadic call), %xmm0-7 and the upper vector state; stack
 *    arguments are copied (TD_NSTACK bytes).  Registers that carry no argument are cleared
 *    on entry; registers that carry no result are cleared on return.
 *  - The callee's stack holds neither the caller's return address nor its stack pointer:
 *    both live in the trusted frame (TS_TSTACK), which is reserved before it is filled so a
 *    signal taken mid-transition nests above it.
 *  - The landing pads' CFI recovers the caller's %rsp, %rip and callee-saved registers from
 *    the trusted frame, so C++ exceptions, _Unwind_Backtrace, libunwind and debuggers walk
 *    from the callee's stack to the caller's; the personality c18n_tramp_personality pops
 *    the trusted frame when an exception or forced unwind passes through.
 */
#include "tramp.h"
#include "argregs.h"

#define DW_CFA_def_cfa_expression 0x0f
#define DW_CFA_expression 0x10
#define DW_OP_breg7 0x77
#define DW_OP_deref 0x06
#define DW_OP_plus_uconst 0x23

	.text

/* %r15 -= (%r15 - (%rsp + 8)) mod 64, with %r10 as scratch: the copied stack arguments keep
 * the caller's alignment modulo 64 (over-aligned arguments), since %rsp+8 is where they
 * start. */
.macro ALIGN_LIKE_CALLER
	mov	%r15, %r10
	sub	%rsp, %r10
	sub	$8, %r10
	and	$63, %r10
	sub	%r10, %r15
.endm

/* The caller's callee-saved registers, from the trusted frame at %\base. */
.macro RESTORE_CALLEE_SAVED base
	mov	TF_RBX(%\base), %rbx
	mov	TF_RBP(%\base), %rbp
	mov	TF_R12(%\base), %r12
	mov	TF_R13(%\base), %r13
	mov	TF_R14(%\base), %r14
	mov	TF_R15(%\base), %r15
.endm

/* Clear vector registers \regs: VEX-encoded on machines with AVX, so that the whole register
 * (ymm/zmm upper lanes too) is cleared, not only its low 128 bits. */
.macro VCLEAR avx, regs:vararg
.irp r, \regs
.if \avx
	vpxor	%xmm\r, %xmm\r, %xmm\r
.else
	pxor	%xmm\r, %xmm\r
.endif
.endr
.endm

/* The first half of a cross-compartment call, shared by the bodies.  In: %r11 descriptor,
 * %rsp the caller's (return address on top).  Reserves the thread's next trusted frame and
 * fills it (the caller's callee-saved registers, compartment, stack pointer and return
 * address; the stack table slots it changes); out: %r13 frame, %r12 descriptor, %rbx callee
 * compartment, %rbp caller compartment, %r14 stack table, %r15 the callee's stack pointer.
 * Jumps to \missing (UNRESERVE) when the callee has no stack in this thread yet. */
.macro FILL_FRAME missing, setup=c18n_tramp_setup_entry
	mov	%fs:TS_TSTACK, %r10		/* r10 = trusted frame to fill */
	cmp	%fs:TS_TSTACK_LIMIT, %r10	/* no trusted stack yet (both 0), or full */
	jae	\setup
	addq	$TF_SIZE, %fs:TS_TSTACK		/* reserve, then fill */
	mov	%rbx, TF_RBX(%r10)
	mov	%rbp, TF_RBP(%r10)
	mov	%r12, TF_R12(%r10)
	mov	%r13, TF_R13(%r10)
	mov	%r14, TF_R14(%r10)
	mov	%r15, TF_R15(%r10)
	mov	%r11, TF_DESC(%r10)
	mov	%r10, %r13			/* r13 = trusted frame */
	mov	%r11, %r12			/* r12 = descriptor */
	movl	TD_COMP(%r11), %ebx		/* rbx = callee compartment */
	mov	%fs:TS_STACKS, %r14		/* r14 = stack pointer table */
	cmp	%fs:TS_NSTACKS, %rbx
	jae	\missing
	mov	(%r14,%rbx,8), %r15		/* r15 = callee's stack pointer */
	test	%r15, %r15
	jz	\missing
	mov	%fs:TS_CUR, %rbp		/* rbp = caller compartment */
	mov	%rbp, TF_CALLER(%r13)
	mov	%rbx, TF_CALLEE(%r13)
	mov	%rsp, TF_RSP(%r13)
	mov	(%rsp), %r10
	mov	%r10, TF_RET(%r13)
	mov	%r15, TF_SAVED_CALLEE_SP(%r13)
	mov	(%r14,%rbp,8), %r10
	mov	%r10, TF_SAVED_SP(%r13)
	mov	%rsp, (%r14,%rbp,8)		/* the caller's stack is in use down to here */
.endm

/* fn(frame) from a body after FILL_FRAME, every argument register (vector state included)
 * preserved; the caller's stack below %rsp is free.  Out: %r14 the stack table again.
 * \scalar_ok: while c18n_trace_scalar is set (trace.c: a text trace alone), fn touches no
 * vector or x87 register, and the vector state is left where it is. */
.macro CALL_WITH_ARGS_SAVED fn, scalar_ok=0
	mov	%rsp, %r14
	sub	$64, %rsp
	and	$-64, %rsp
	sub	c18n_lazy_save_size(%rip), %rsp
	SAVE_ARG_REGS
.if \scalar_ok
	cmpl	$0, c18n_trace_scalar(%rip)
	jne	.Lscalar_in\@
.endif
	call	c18n_save_vector_state
.Lscalar_in\@:
	mov	%r13, %rdi
	call	\fn
.if \scalar_ok
	cmpl	$0, c18n_trace_scalar(%rip)
	jne	.Lscalar_out\@
.endif
	call	c18n_restore_vector_state
.Lscalar_out\@:
	RESTORE_ARG_REGS
	mov	%r14, %rsp
	mov	%fs:TS_STACKS, %r14
.endm

/* If this thread is running on the callee's stack right now (a signal handler entered from
 * inside a trampoline, or from code running there), %r15 := below the current stack
 * pointer: the signal frame and anything else in use lies between.  Clobbers %r10. */
.macro NEAR_STACK
	mov	%r15, %r10
	sub	%rsp, %r10
	jbe	4f
	cmp	c18n_stack_near(%rip), %r10
	ja	4f
	lea	-256(%rsp), %r15
4:
.endm

/* FILL_FRAME found the callee's stack missing (first call into this compartment in this
 * thread, or a compartment the stack table does not cover yet): restore the caller's
 * registers, release the frame and take the slow path. */
.macro UNRESERVE setup=c18n_tramp_setup_entry
	mov	%r12, %r11
	mov	%r13, %r10
	RESTORE_CALLEE_SAVED r10
	subq	$TF_SIZE, %fs:TS_TSTACK
	jmp	\setup
.endm

/*
 * c18n_tramp_body: entered by jmp from an entry stub.
 *   %r11 = struct tdesc * of the entry; %rsp = caller's stack: 0(%rsp) = return address,
 *   8(%rsp).. = stack arguments; all argument registers live; callee-saved registers hold
 *   the caller's values.
 * Invariants kept by c18n_tramp_setup and thread_exit (tramp.c), which this path relies on:
 *   - TS_TSTACK_LIMIT is 0 whenever TS_TSTACK is NULL, so "tstack < limit" (unsigned) also
 *     means "this thread has a trusted stack";
 *   - while this thread has a trusted stack, TS_CUR < TS_NSTACKS: the caller's stack slot
 *     needs no bound check (the callee's, from the descriptor, still gets one).
 * The callee-saved registers go straight into the reserved trusted frame; the red zone is
 * not used.  \trace: 0 plain, 1 tracing (c18n_trace_call with the frame filled), 2 statistics
 * only (the edge counted inline).
 */
.macro TRAMP_BODY name, trace, call_small, call_large, avx
	.globl	\name
	.hidden	\name
	.type	\name, @function
	.p2align 6
\name:
	.cfi_startproc
	movl	TD_COMP(%r11), %r10d
	cmpq	%r10, %fs:TS_CUR
	jne	1f
	jmp	*TD_TARGET(%r11)		/* same compartment: straight to the target */
1:
	/* Entered here from the dispatch code of an object's stub page, which found the
	 * caller in another compartment (tramp.h). */
	.globl	\name\()_cross
	.hidden	\name\()_cross
\name\()_cross:
	FILL_FRAME .Lunreserve\@
.if \trace == 2
	/* statistics only: count the edge (caller, entry) in the entry's counters, which lie
	 * c18n_stats_delta past its descriptor (trace.c): two (caller + 1, calls) pairs; a
	 * caller in neither (the first call of each, a third caller) is counted in C */
	mov	c18n_stats_delta(%rip), %r10
	add	%r12, %r10
	lea	1(%rbp), %r11
	cmp	%r11, ES_WHO1(%r10)
	jne	2f
	lock incq ES_CALLS1(%r10)
	jmp	3f
2:	cmp	%r11, ES_WHO2(%r10)
	jne	.Lcount_in_c\@
	lock incq ES_CALLS2(%r10)
	jmp	3f
.Lcount_in_c\@:
	CALL_WITH_ARGS_SAVED c18n_stats_count
3:
.elseif \trace
	CALL_WITH_ARGS_SAVED c18n_trace_call, 1
.endif
	NEAR_STACK
	/* callee stack, from its top down: [target][trusted frame pointer], then the argument
	 * window; reserve it all (TS_STACKS) before writing it, so that a signal handler
	 * entering the same compartment meanwhile starts below it */
	and	$-64, %r15
	sub	$64, %r15
	movl	TD_NSTACK(%r12), %ebp
	cmp	$TW_SMALL, %ebp
	ja	.Llarge\@
	sub	$TW_SMALL, %r15
	ALIGN_LIKE_CALLER
	mov	%r15, (%r14,%rbx,8)
	mov	%r13, TW_SMALL(%r15)		/* the trusted frame, for the CFI */
	mov	TD_TARGET(%r12), %r10
	mov	%r10, TW_SMALL+8(%r15)		/* the target, so no register carries it */
	lea	\call_small(%rip), %r11
	test	%ebp, %ebp
	jnz	.Lcopy\@
.Lswitch\@:
	mov	%rbx, %fs:TS_CUR
	mov	%r15, %rsp
	xor	%ebx, %ebx
	xor	%ebp, %ebp
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	xor	%r10d, %r10d
	jmp	*%r11				/* the landing pad clears %r11 and %xmm8-15 */

.Llarge\@:
	sub	$TW_LARGE, %r15
	ALIGN_LIKE_CALLER
	mov	%r15, (%r14,%rbx,8)
	mov	%r13, TW_LARGE(%r15)
	mov	TD_TARGET(%r12), %r10
	mov	%r10, TW_LARGE+8(%r15)
	lea	\call_large(%rip), %r11
	/* Copy n = %ebp bytes (a multiple of 8): the callee's 0(%r15).. = the caller's 8(%rsp)..
	 * %xmm8-15 carry no argument and the landing pad clears them. */
.Lcopy\@:
	cmp	$TW_SMALL, %ebp
	je	.Lcopy_window\@		/* the default window (no DWARF): unrolled */
	cmp	$32, %ebp
	ja	.Lcopy_long\@
	/* up to four words, one at a time, highest first: the caller has just stored them
	 * one by one, and a load spanning two such stores waits for both to retire */
	mov	(%rsp,%rbp), %r10
	mov	%r10, -8(%r15,%rbp)
	cmp	$8, %ebp
	je	.Lswitch\@
	mov	-8(%rsp,%rbp), %r10
	mov	%r10, -16(%r15,%rbp)
	cmp	$16, %ebp
	je	.Lswitch\@
	mov	-16(%rsp,%rbp), %r10
	mov	%r10, -24(%r15,%rbp)
	cmp	$24, %ebp
	je	.Lswitch\@
	mov	8(%rsp), %r10
	mov	%r10, 0(%r15)
	jmp	.Lswitch\@
.Lcopy_long\@:
	test	$8, %ebp
	jz	.Lcopy16\@
	mov	(%rsp,%rbp), %r10		/* an odd word first: the highest */
	mov	%r10, -8(%r15,%rbp)
	sub	$8, %ebp
	jz	.Lswitch\@
.Lcopy16\@:
	movdqu	-8(%rsp,%rbp), %xmm8		/* caller's n-8(%rsp) .. n+8(%rsp) */
	movdqu	%xmm8, -16(%r15,%rbp)
	sub	$16, %ebp
	jnz	.Lcopy16\@
	jmp	.Lswitch\@
.Lcopy_window\@:
.if TW_SMALL != 128
	.error "the unrolled window copy below moves 128 bytes"
.endif
.if \avx
	vmovdqu	8(%rsp), %ymm8
	vmovdqu	40(%rsp), %ymm9
	vmovdqu	72(%rsp), %ymm10
	vmovdqu	104(%rsp), %ymm11
	vmovdqu	%ymm8, 0(%r15)
	vmovdqu	%ymm9, 32(%r15)
	vmovdqu	%ymm10, 64(%r15)
	vmovdqu	%ymm11, 96(%r15)
.else
.irp r, 8, 9, 10, 11, 12, 13, 14, 15
	movdqu	8+16*(\r-8)(%rsp), %xmm\r
.endr
.irp r, 8, 9, 10, 11, 12, 13, 14, 15
	movdqu	%xmm\r, 16*(\r-8)(%r15)
.endr
.endif
	jmp	.Lswitch\@

.Lunreserve\@:
	UNRESERVE
	.cfi_endproc
	.size	\name, .-\name
.endm

/*
 * Landing pads.  Entered by jmp with %rsp = callee stack (argument window at 0(%rsp), the
 * trusted frame pointer at W(%rsp), the target at W+8(%rsp)).  The CFI below holds at the call and at
 * the landing pad: CFA = frame->rsp + 8, RA at &frame->ret, callee-saved registers at
 * &frame->rXX, where frame = *(%rsp + W).
 */
#define CFI_FROM_FRAME(W0, W1) \
	.cfi_escape DW_CFA_def_cfa_expression, 9, DW_OP_breg7, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_RSP, DW_OP_deref, DW_OP_plus_uconst, 8; \
	.cfi_escape DW_CFA_expression, 16, 6, DW_OP_breg7, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_RET; \
	.cfi_escape DW_CFA_expression, 3, 6, DW_OP_breg7, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_RBX; \
	.cfi_escape DW_CFA_expression, 6, 6, DW_OP_breg7, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_RBP; \
	.cfi_escape DW_CFA_expression, 12, 6, DW_OP_breg7, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_R12; \
	.cfi_escape DW_CFA_expression, 13, 6, DW_OP_breg7, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_R13; \
	.cfi_escape DW_CFA_expression, 14, 6, DW_OP_breg7, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_R14; \
	.cfi_escape DW_CFA_expression, 15, 6, DW_OP_breg7, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_R15

/* After the callee returns: rax, rdx, xmm0, xmm1, st0, st1 may hold results.  POP_FRAME
 * returns to the caller's stack and callee-saved registers and pops the trusted frame;
 * %rsp then points at the caller's return address. */
.macro POP_FRAME
	mov	%fs:TS_TSTACK, %r11
	sub	$TF_SIZE, %r11
	/* back on the caller's stack first, then in its compartment, then release the
	 * stack-table slots: a signal taken anywhere here finds a consistent picture */
	mov	TF_RSP(%r11), %rsp
	mov	TF_RET(%r11), %rcx
	mov	%rcx, (%rsp)
	mov	TF_CALLER(%r11), %r10
	mov	%r10, %fs:TS_CUR
	mov	%fs:TS_STACKS, %rcx
	mov	TF_SAVED_SP(%r11), %rsi
	mov	%rsi, (%rcx,%r10,8)
	mov	TF_CALLEE(%r11), %r10
	mov	TF_SAVED_CALLEE_SP(%r11), %rsi
	mov	%rsi, (%rcx,%r10,8)
	RESTORE_CALLEE_SAVED r11
	mov	%r11, %fs:TS_TSTACK
.endm

.macro RETURN_CLEAR avx
	xor	%ecx, %ecx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	VCLEAR	\avx, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	ret
.endm

.macro RETURN_PATH avx
	POP_FRAME
	RETURN_CLEAR \avx
.endm

/*
 * LANDING: the call into the target and the landing pad for argument window W (W0, W1 =
 * SLEB128 bytes of W), plain or tracing, SSE or AVX clearing, and the cleanup code the
 * personality resumes at (found through the pad's LSDA: a 32-bit offset to the cleanup).
 * On entry it clears what the body could not: %r11 (the jump) and %xmm8-15.
 * Tracing: c18n_trace_return(frame) with the result registers (%rax %rdx, vector and x87
 * state) preserved.
 */
.macro LANDING call, land, cleanup, W, W0, W1, trace, avx
	.globl	\call
	.hidden	\call
	.type	\call, @function
	.p2align 4
\call:
	.cfi_startproc
	.cfi_personality 0x9b, DW.ref.c18n_tramp_personality
	.cfi_lsda 0x1b, .Llsda\@
	CFI_FROM_FRAME(\W0, \W1)
	VCLEAR	\avx, 8, 9, 10, 11, 12, 13, 14, 15
	xor	%r11d, %r11d
	call	*8+\W(%rsp)
	.globl	\land
	.hidden	\land
\land:
.if \trace
	mov	%rsp, %rbx
	and	$-64, %rsp
	sub	c18n_lazy_save_size(%rip), %rsp
	mov	%rax, 0(%rsp)
	mov	%rdx, 16(%rsp)
	cmpl	$0, c18n_trace_scalar(%rip)	/* (as CALL_WITH_ARGS_SAVED) */
	jne	.Lscalar_in\@
	call	c18n_save_vector_state
.Lscalar_in\@:
	mov	%fs:TS_TSTACK, %rdi
	sub	$TF_SIZE, %rdi
	call	c18n_trace_return
	cmpl	$0, c18n_trace_scalar(%rip)
	jne	.Lscalar_out\@
	call	c18n_restore_vector_state
.Lscalar_out\@:
	mov	0(%rsp), %rax
	mov	16(%rsp), %rdx
	mov	%rbx, %rsp
.endif
	RETURN_PATH \avx
	.cfi_endproc
	.size	\call, .-\call

	.globl	\cleanup
	.hidden	\cleanup
	.type	\cleanup, @function
\cleanup:
.if \trace
	mov	%rax, %rbx
	mov	%fs:TS_TSTACK, %rdi
	sub	$TF_SIZE, %rdi
	and	$-16, %rsp
	call	c18n_trace_return
	mov	%rbx, %rax
.endif
	mov	%rax, %rdi
	POP_FRAME
	jmp	_Unwind_Resume@PLT
	.size	\cleanup, .-\cleanup
	.p2align 2
.Llsda\@:
	.long	\cleanup - .Llsda\@
.endm

	LANDING c18n_tramp_call_small, c18n_tramp_land_small, c18n_tramp_cleanup_small, TW_SMALL, 0x80, 0x01, 0, 0
	LANDING c18n_tramp_call_large, c18n_tramp_land_large, c18n_tramp_cleanup_large, TW_LARGE, 0x80, 0x08, 0, 0
	LANDING c18n_tramp_call_small_t, c18n_tramp_land_small_t, c18n_tramp_cleanup_small_t, TW_SMALL, 0x80, 0x01, 1, 0
	LANDING c18n_tramp_call_large_t, c18n_tramp_land_large_t, c18n_tramp_cleanup_large_t, TW_LARGE, 0x80, 0x08, 1, 0
	LANDING c18n_tramp_call_small_v, c18n_tramp_land_small_v, c18n_tramp_cleanup_small_v, TW_SMALL, 0x80, 0x01, 0, 1
	LANDING c18n_tramp_call_large_v, c18n_tramp_land_large_v, c18n_tramp_cleanup_large_v, TW_LARGE, 0x80, 0x08, 0, 1
	LANDING c18n_tramp_call_small_tv, c18n_tramp_land_small_tv, c18n_tramp_cleanup_small_tv, TW_SMALL, 0x80, 0x01, 1, 1
	LANDING c18n_tramp_call_large_tv, c18n_tramp_land_large_tv, c18n_tramp_cleanup_large_tv, TW_LARGE, 0x80, 0x08, 1, 1

	TRAMP_BODY c18n_tramp_body, 0, c18n_tramp_call_small, c18n_tramp_call_large, 0
	TRAMP_BODY c18n_tramp_body_trace, 1, c18n_tramp_call_small_t, c18n_tramp_call_large_t, 0
	TRAMP_BODY c18n_tramp_body_avx, 0, c18n_tramp_call_small_v, c18n_tramp_call_large_v, 1
	TRAMP_BODY c18n_tramp_body_trace_avx, 1, c18n_tramp_call_small_tv, c18n_tramp_call_large_tv, 1
	TRAMP_BODY c18n_tramp_body_stats, 2, c18n_tramp_call_small, c18n_tramp_call_large, 0
	TRAMP_BODY c18n_tramp_body_stats_avx, 2, c18n_tramp_call_small_v, c18n_tramp_call_large_v, 1

/*
 * Isolation (LD_C18N_ISOLATE, isolation/memory.c).  The isolating body and landing pads do
 * what the plain ones do, and call a hook in C at each transition that opens the callee's
 * memory and closes the caller's (on the call) or the reverse (on the return).  The hooks
 * run on the thread's hook stack (TS_HOOK_LO/HI), never on a compartment's: a stack is
 * closed while no code of its compartment runs, and the kernel must always be able to push a
 * signal frame where %rsp points.
 */

/* Asynchronous signals wait while a transition changes the thread's state: from the first
 * store into its trusted frame to the end of its hook (a call), or from its hook to the last
 * store of POP_FRAME (a return), so that a handler's transition never finds a frame that the
 * guard (isolation/guard.c) has not recorded, or one it has already buried.  No system call:
 * the region counts itself in %fs:TS_DEFER, the loader's handler in front of every handler a
 * compartment installs (isolation/signals.c) queues a signal that finds it non-zero again,
 * blocked, and notes it in %fs:TS_SIGPEND; leaving the outermost region unblocks those
 * (c18n_sig_release), and the kernel delivers them there. */
.macro DEFER_SIGNALS
	incq	%fs:TS_DEFER
.endm
/* every register preserved (the flags excepted) */
.macro UNDEFER_SIGNALS
	decq	%fs:TS_DEFER
	jnz	.Lundefer\@
	cmpq	$0, %fs:TS_SIGPEND
	je	.Lundefer\@
	call	c18n_sig_release
.Lundefer\@:
.endm

/* Around a system call: the registers it reads or clobbers (%r10 aside). */
.macro PUSH_SYSCALL_CLOBBERS
	push	%rax
	.cfi_adjust_cfa_offset 8
	push	%rdi
	.cfi_adjust_cfa_offset 8
	push	%rsi
	.cfi_adjust_cfa_offset 8
	push	%rdx
	.cfi_adjust_cfa_offset 8
	push	%rcx
	.cfi_adjust_cfa_offset 8
	push	%r11
	.cfi_adjust_cfa_offset 8
.endm
.macro POP_SYSCALL_CLOBBERS
	pop	%r11
	.cfi_adjust_cfa_offset -8
	pop	%rcx
	.cfi_adjust_cfa_offset -8
	pop	%rdx
	.cfi_adjust_cfa_offset -8
	pop	%rsi
	.cfi_adjust_cfa_offset -8
	pop	%rdi
	.cfi_adjust_cfa_offset -8
	pop	%rax
	.cfi_adjust_cfa_offset -8
.endm


/* %rsp := this thread's hook stack at TS_HOOK_TOP, or below the current %rsp when already on
 * it (a signal handler's transition interrupted a hook), 64-byte aligned, less the lazy.S
 * save area (c18n_lazy_save_size bytes at 0(%rsp) afterwards).  Clobbers %r10. */
.macro HOOK_STACK
	mov	%rsp, %r10
	sub	%fs:TS_HOOK_LO, %r10
	cmp	$HOOK_STACK_SIZE, %r10
	jb	.Lnested\@
	mov	%fs:TS_HOOK_TOP, %rsp
	jmp	.Lon\@
.Lnested\@:
	sub	$256, %rsp
.Lon\@:
	and	$-64, %rsp
	sub	c18n_lazy_save_size(%rip), %rsp
.endm

/*
 * c18n_tramp_body_iso: as c18n_tramp_body up to the choice of the callee's stack pointer;
 * then, on the hook stack with every argument register and the vector state saved,
 *   c18n_iso_enter(frame, callee window, W, stack-argument bytes, saved registers)
 * opens the callee's memory, copies the stack arguments, writes the trusted frame pointer and
 * the target above the window (as the plain body does), records the call's capabilities and
 * closes the caller's memory.  Registers during the hook: %r13 frame, %r15 callee window,
 * %r12 W, %ebp bytes, %rbx callee, %r14 the caller's %rsp (CFA - 8), %r11 landing pad.
 */
.macro TRAMP_BODY_ISO name, call_small, call_large
	.globl	\name
	.hidden	\name
	.type	\name, @function
	.p2align 6
\name:
	.cfi_startproc
	movl	TD_COMP(%r11), %r10d
	cmpq	%r10, %fs:TS_CUR
	jne	1f
	jmp	*TD_TARGET(%r11)		/* same compartment: straight to the target */
1:
	.globl	\name\()_cross
	.hidden	\name\()_cross
\name\()_cross:
	DEFER_SIGNALS
	FILL_FRAME .Lunreserve\@, .Lsetup\@
	NEAR_STACK
	and	$-64, %r15
	sub	$64, %r15
	movl	TD_NSTACK(%r12), %ebp
	cmp	$TW_SMALL, %ebp
	ja	5f
	sub	$TW_SMALL, %r15
	ALIGN_LIKE_CALLER
	lea	\call_small(%rip), %r11
	mov	$TW_SMALL, %r12d
	jmp	6f
5:	sub	$TW_LARGE, %r15
	ALIGN_LIKE_CALLER
	lea	\call_large(%rip), %r11
	mov	$TW_LARGE, %r12d
6:	mov	%r15, (%r14,%rbx,8)		/* reserved on the callee's stack */
	mov	%rsp, %r14
	.cfi_remember_state
	.cfi_def_cfa %r14, 8
	HOOK_STACK
	SAVE_ARG_REGS
	mov	%r11, 64(%rsp)
	call	c18n_save_vector_state
	mov	%r13, %rdi
	mov	%r15, %rsi
	mov	%r12, %rdx
	mov	%ebp, %ecx
	mov	%rsp, %r8
	call	c18n_iso_enter
	call	c18n_restore_vector_state
	/* TS_HOOK_TOP for the callee: below this hook's save area when this call was made on
	 * the hook stack (a signal interrupted a hook there, which still owns what lies above) */
	mov	%fs:TS_HOOK_TOP, %r10
	mov	%r10, TF_HOOKTOP(%r13)
	mov	%r14, %r10
	sub	%fs:TS_HOOK_LO, %r10
	cmp	$HOOK_STACK_SIZE, %r10
	jae	7f
	mov	%rsp, %fs:TS_HOOK_TOP
7:	UNDEFER_SIGNALS			/* the thread runs in the callee now */
	mov	64(%rsp), %r11
	RESTORE_ARG_REGS
	mov	%rbx, %fs:TS_CUR
	mov	%r15, %rsp
	xor	%ebx, %ebx
	xor	%ebp, %ebp
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	xor	%r10d, %r10d
	jmp	*%r11				/* the landing pad clears %r11 and %xmm8-15 */
	.cfi_restore_state
.Lunreserve\@:
	UNRESERVE .Lsetup\@
.Lsetup\@:
	/* no trusted stack or callee stack yet: signals as they were, then the slow path
	 * (which comes back to the top) */
	UNDEFER_SIGNALS
	jmp	c18n_tramp_setup_entry
	.cfi_endproc
	.size	\name, .-\name
.endm

/* The landing pads' CFI, from the window base in a register (DW_OP_bregN) instead of %rsp:
 * the isolating pads move to the hook stack and keep the window base in %rbx. */
#define DW_OP_breg3 0x73
#define CFI_FROM_FRAME_RBX(W0, W1) \
	.cfi_escape DW_CFA_def_cfa_expression, 9, DW_OP_breg3, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_RSP, DW_OP_deref, DW_OP_plus_uconst, 8; \
	.cfi_escape DW_CFA_expression, 16, 6, DW_OP_breg3, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_RET; \
	.cfi_escape DW_CFA_expression, 6, 6, DW_OP_breg3, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_RBP; \
	.cfi_escape DW_CFA_expression, 12, 6, DW_OP_breg3, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_R12; \
	.cfi_escape DW_CFA_expression, 13, 6, DW_OP_breg3, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_R13; \
	.cfi_escape DW_CFA_expression, 14, 6, DW_OP_breg3, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_R14; \
	.cfi_escape DW_CFA_expression, 15, 6, DW_OP_breg3, W0, W1, DW_OP_deref, \
		DW_OP_plus_uconst, TF_R15

/*
 * LANDING_ISO: as LANDING, and after the target returns, on the hook stack with the result
 * registers and vector state saved, c18n_iso_leave(frame, %rax, %rdx) opens the caller's
 * memory, records the capabilities a returned pointer carries and closes the callee's; the
 * pad then leaves the hook stack straight for the caller's (POP_FRAME): the callee's stack
 * is closed by then.  The cleanup path (an exception or forced unwind passing) does the same
 * before _Unwind_Resume.
 */
.macro LANDING_ISO call, land, cleanup, W, W0, W1, avx
	.globl	\call
	.hidden	\call
	.type	\call, @function
	.p2align 4
\call:
	.cfi_startproc
	.cfi_personality 0x9b, DW.ref.c18n_tramp_personality
	.cfi_lsda 0x1b, .Llsda\@
	CFI_FROM_FRAME(\W0, \W1)
	VCLEAR	\avx, 8, 9, 10, 11, 12, 13, 14, 15
	xor	%r11d, %r11d
	call	*8+\W(%rsp)
	.globl	\land
	.hidden	\land
\land:
	mov	%rsp, %rbx
	CFI_FROM_FRAME_RBX(\W0, \W1)
	HOOK_STACK
	mov	%rax, 0(%rsp)
	mov	%rdx, 16(%rsp)
	DEFER_SIGNALS
	call	c18n_save_vector_state
	mov	%fs:TS_TSTACK, %rdi
	sub	$TF_SIZE, %rdi
	mov	0(%rsp), %rsi
	mov	16(%rsp), %rdx
	call	c18n_iso_leave
	call	c18n_restore_vector_state
	mov	%fs:TS_TSTACK, %r10
	mov	TF_HOOKTOP-TF_SIZE(%r10), %r10
	mov	%r10, %fs:TS_HOOK_TOP
	mov	0(%rsp), %rax
	mov	16(%rsp), %rdx
	POP_FRAME
	UNDEFER_SIGNALS		/* back in the caller, its frame gone */
	RETURN_CLEAR \avx
	.cfi_endproc
	.size	\call, .-\call

	.globl	\cleanup
	.hidden	\cleanup
	.type	\cleanup, @function
\cleanup:
	mov	%rax, %rbx
	HOOK_STACK
	DEFER_SIGNALS
	mov	%fs:TS_TSTACK, %rdi
	sub	$TF_SIZE, %rdi
	xor	%esi, %esi
	xor	%edx, %edx
	call	c18n_iso_leave
	mov	%fs:TS_TSTACK, %r10
	mov	TF_HOOKTOP-TF_SIZE(%r10), %r10
	mov	%r10, %fs:TS_HOOK_TOP
	mov	%rbx, %rdi
	POP_FRAME
	UNDEFER_SIGNALS
	jmp	_Unwind_Resume@PLT
	.size	\cleanup, .-\cleanup
	.p2align 2
.Llsda\@:
	.long	\cleanup - .Llsda\@
.endm

	LANDING_ISO c18n_tramp_call_small_i, c18n_tramp_land_small_i, c18n_tramp_cleanup_small_i, TW_SMALL, 0x80, 0x01, 0
	LANDING_ISO c18n_tramp_call_large_i, c18n_tramp_land_large_i, c18n_tramp_cleanup_large_i, TW_LARGE, 0x80, 0x08, 0
	LANDING_ISO c18n_tramp_call_small_iv, c18n_tramp_land_small_iv, c18n_tramp_cleanup_small_iv, TW_SMALL, 0x80, 0x01, 1
	LANDING_ISO c18n_tramp_call_large_iv, c18n_tramp_land_large_iv, c18n_tramp_cleanup_large_iv, TW_LARGE, 0x80, 0x08, 1

	TRAMP_BODY_ISO c18n_tramp_body_iso, c18n_tramp_call_small_i, c18n_tramp_call_large_i
	TRAMP_BODY_ISO c18n_tramp_body_iso_avx, c18n_tramp_call_small_iv, c18n_tramp_call_large_iv

/*
 * c18n_sig_release: the outermost region deferring signals ended (UNDEFER_SIGNALS) and some
 * arrived meanwhile: rt_sigprocmask(SIG_UNBLOCK, the %fs:TS_SIGPEND set taken and cleared,
 * NULL, 8), and the kernel delivers them as the call returns.  Runs on whatever stack the
 * region ended on (the hook stack, or the caller's after POP_FRAME, below its %rsp where
 * nothing lives); every register preserved, the flags excepted.
 */
#define NR_rt_sigprocmask 14
#define SIG_UNBLOCK_ 1
	.globl	c18n_sig_release
	.hidden	c18n_sig_release
	.type	c18n_sig_release, @function
c18n_sig_release:
	.cfi_startproc
	PUSH_SYSCALL_CLOBBERS
	push	%r10
	.cfi_adjust_cfa_offset 8
	xor	%eax, %eax
	xchg	%rax, %fs:TS_SIGPEND
	push	%rax				/* the set */
	.cfi_adjust_cfa_offset 8
	mov	%rsp, %rsi
	xor	%edx, %edx
	mov	$SIG_UNBLOCK_, %edi
	mov	$8, %r10d
	mov	$NR_rt_sigprocmask, %eax
	syscall
	add	$8, %rsp
	.cfi_adjust_cfa_offset -8
	pop	%r10
	.cfi_adjust_cfa_offset -8
	POP_SYSCALL_CLOBBERS
	ret
	.cfi_endproc
	.size	c18n_sig_release, .-c18n_sig_release

/*
 * c18n_tramp_setup_entry: slow path.  %r11 = descriptor; %rsp = caller's stack with the
 * return address on top; every register as on entry to the trampoline.  Saves all argument
 * and vector state (as the lazy binder does), calls c18n_tramp_setup(desc), which creates
 * this thread's trusted stack and compartment stacks or reports a fatal error, restores
 * everything and re-enters the body.
 */
	.globl	c18n_tramp_setup_entry
	.hidden	c18n_tramp_setup_entry
	.type	c18n_tramp_setup_entry, @function
	.p2align 4
c18n_tramp_setup_entry:
	.cfi_startproc
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rbx, 0
	mov	%rsp, %rbx
	.cfi_def_cfa_register rbx
	and	$-64, %rsp
	sub	c18n_lazy_save_size(%rip), %rsp
	SAVE_ARG_REGS
	mov	%r11, 64(%rsp)
	call	c18n_save_vector_state
	mov	64(%rsp), %rdi
	call	c18n_tramp_setup
	call	c18n_restore_vector_state
	RESTORE_ARG_REGS
	mov	64(%rsp), %r11
	mov	%rbx, %rsp
	.cfi_def_cfa_register rsp
	pop	%rbx
	.cfi_adjust_cfa_offset -8
	.cfi_restore rbx
	jmp	*TD_BODY(%r11)
	.cfi_endproc
	.size	c18n_tramp_setup_entry, .-c18n_tramp_setup_entry

	.hidden	DW.ref.c18n_tramp_personality
	.weak	DW.ref.c18n_tramp_personality
	.section .data.rel.local.DW.ref.c18n_tramp_personality,"awG",@progbits,DW.ref.c18n_tramp_personality,comdat
	.align	8
	.type	DW.ref.c18n_tramp_personality, @object
	.size	DW.ref.c18n_tramp_personality, 8
DW.ref.c18n_tramp_personality:
	.quad	c18n_tramp_personality

	.section .note.GNU-stack,"",@progbits
