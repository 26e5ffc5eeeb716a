/*
 * argregs.h (x86-64): saving the integer argument registers around a call into C from an
 * assembly slow path.  Must stay true: the layout (%rax %rcx %rdx %rsi %rdi %r8 %r9 %r10 at
 * 0..56(%rsp)) fits the 128-byte GPR area at the bottom of c18n_lazy_save_size, and 64(%rsp)
 * stays free for a caller that must keep %r11 too.
 */
#ifndef C18N_ARGREGS_H
#define C18N_ARGREGS_H

#define SAVE_ARG_REGS \
	mov	%rax, 0(%rsp); \
	mov	%rcx, 8(%rsp); \
	mov	%rdx, 16(%rsp); \
	mov	%rsi, 24(%rsp); \
	mov	%rdi, 32(%rsp); \
	mov	%r8, 40(%rsp); \
	mov	%r9, 48(%rsp); \
	mov	%r10, 56(%rsp)

#define RESTORE_ARG_REGS \
	mov	0(%rsp), %rax; \
	mov	8(%rsp), %rcx; \
	mov	16(%rsp), %rdx; \
	mov	24(%rsp), %rsi; \
	mov	32(%rsp), %rdi; \
	mov	40(%rsp), %r8; \
	mov	48(%rsp), %r9; \
	mov	56(%rsp), %r10

#endif
