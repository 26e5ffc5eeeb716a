/*
 * lazy.S (x86-64): the lazy-binding entry that PLT0 jumps to.
 *
 * Stack on entry (pushed by the PLT entry and PLT0):
 *     0(%rsp)  = GOT[1]: the struct obj * of the calling object
 *     8(%rsp)  = index of the R_X86_64_JUMP_SLOT relocation in DT_JMPREL
 *    16(%rsp)  = return address into the caller
 * Registers: every argument register is live: %rdi %rsi %rdx %rcx %r8 %r9, %rax (%al = number
 * of vector registers used by a variadic call), %r10 (static chain), and all vector state
 * (%xmm0-7 carry arguments; the upper halves and %k masks must survive too).
 *
 * We save the integer argument registers and the whole extended state with XSAVEC / XSAVE
 * (FXSAVE on machines without XSAVE) into a 64-byte-aligned area whose size c18n_lazy_init
 * computes from CPUID leaf 0xd, call c18n_lazy_bind(obj, index) -- which writes the GOT slot
 * and returns the target -- restore everything and jump to the target with the caller's
 * return address on top of the stack, as if the PLT had jumped there directly.
 *
 * Frame layout after the prologue (%rbx = frame base, CFA = %rbx + 32):
 *     0(%rbx) saved %rbx, 8(%rbx) obj, 16(%rbx) index, 24(%rbx) return address
 *     %rsp (64-aligned): 0..71 saved %rax %rcx %rdx %rsi %rdi %r8 %r9 %r10, then at 128 the
 *     extended-state area (c18n_lazy_save_size bytes in all, including these 128).
 */
#include "argregs.h"

#define GPR_AREA 128
#define XSAVE_MASK 0xef	/* x87, SSE, AVX, BNDREGS, K, ZMM_Hi256, Hi16_ZMM (x87 for results) */

	.text
.macro LAZY_ENTRY name, save, restore
	.globl	\name
	.hidden	\name
	.type	\name, @function
	.p2align 4
\name:
	.cfi_startproc
	.cfi_adjust_cfa_offset 16
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rbx, 0
	mov	%rsp, %rbx
	.cfi_def_cfa_register rbx
	and	$-64, %rsp
	sub	c18n_lazy_save_size(%rip), %rsp
	SAVE_ARG_REGS
	\save
	mov	8(%rbx), %rdi
	mov	16(%rbx), %rsi
	call	c18n_lazy_bind
	mov	%rax, %r11
	\restore
	RESTORE_ARG_REGS
	mov	%rbx, %rsp
	.cfi_def_cfa_register rsp
	pop	%rbx
	.cfi_adjust_cfa_offset -8
	.cfi_restore rbx
	add	$16, %rsp
	.cfi_adjust_cfa_offset -16
	jmp	*%r11
	.cfi_endproc
	.size	\name, .-\name
.endm

/* XSAVE needs bytes 8..63 of the XSAVE header zeroed before XRSTOR may read them back. */
.macro ZERO_HEADER
	xor	%eax, %eax
	mov	%rax, GPR_AREA+512+0(%rsp)
	mov	%rax, GPR_AREA+512+8(%rsp)
	mov	%rax, GPR_AREA+512+16(%rsp)
	mov	%rax, GPR_AREA+512+24(%rsp)
	mov	%rax, GPR_AREA+512+32(%rsp)
	mov	%rax, GPR_AREA+512+40(%rsp)
	mov	%rax, GPR_AREA+512+48(%rsp)
	mov	%rax, GPR_AREA+512+56(%rsp)
.endm

.macro SAVE_XSAVEC
	ZERO_HEADER
	mov	$XSAVE_MASK, %eax
	xor	%edx, %edx
	xsavec	GPR_AREA(%rsp)
.endm
.macro SAVE_XSAVE
	ZERO_HEADER
	mov	$XSAVE_MASK, %eax
	xor	%edx, %edx
	xsave	GPR_AREA(%rsp)
.endm
.macro RESTORE_XSAVE
	mov	$XSAVE_MASK, %eax
	xor	%edx, %edx
	xrstor	GPR_AREA(%rsp)
.endm
.macro SAVE_FXSAVE
	fxsave	GPR_AREA(%rsp)
.endm
.macro RESTORE_FXSAVE
	fxrstor	GPR_AREA(%rsp)
.endm

	LAZY_ENTRY c18n_lazy_entry_xsavec, SAVE_XSAVEC, RESTORE_XSAVE
	LAZY_ENTRY c18n_lazy_entry_xsave, SAVE_XSAVE, RESTORE_XSAVE
	LAZY_ENTRY c18n_lazy_entry_fxsave, SAVE_FXSAVE, RESTORE_FXSAVE

	.section .note.GNU-stack,"",@progbits

/*
 * c18n_save_vector_state / c18n_restore_vector_state: for slow paths that built the lazy.S
 * frame layout themselves.  Called with the 64-byte-aligned save area at 8(%rsp) (the
 * caller's %rsp), extended state stored at GPR_AREA in it.  Clobber %rax %rcx %rdx only.
 */
	.text
	.globl	c18n_save_vector_state
	.hidden	c18n_save_vector_state
	.type	c18n_save_vector_state, @function
c18n_save_vector_state:
	.cfi_startproc
	lea	8+GPR_AREA(%rsp), %rcx
	cmpl	$1, c18n_save_kind(%rip)
	jb	1f
	xor	%eax, %eax
	mov	%rax, 512(%rcx)
	mov	%rax, 520(%rcx)
	mov	%rax, 528(%rcx)
	mov	%rax, 536(%rcx)
	mov	%rax, 544(%rcx)
	mov	%rax, 552(%rcx)
	mov	%rax, 560(%rcx)
	mov	%rax, 568(%rcx)
	mov	$XSAVE_MASK, %eax
	xor	%edx, %edx
	cmpl	$2, c18n_save_kind(%rip)
	je	2f
	xsave	(%rcx)
	ret
2:	xsavec	(%rcx)
	ret
1:	fxsave	(%rcx)
	ret
	.cfi_endproc
	.size	c18n_save_vector_state, .-c18n_save_vector_state

	.globl	c18n_restore_vector_state
	.hidden	c18n_restore_vector_state
	.type	c18n_restore_vector_state, @function
c18n_restore_vector_state:
	.cfi_startproc
	lea	8+GPR_AREA(%rsp), %rcx
	cmpl	$1, c18n_save_kind(%rip)
	jb	1f
	mov	$XSAVE_MASK, %eax
	xor	%edx, %edx
	xrstor	(%rcx)
	ret
1:	fxrstor	(%rcx)
	ret
	.cfi_endproc
	.size	c18n_restore_vector_state, .-c18n_restore_vector_state
	.section .note.GNU-stack,"",@progbits
