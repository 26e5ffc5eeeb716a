/* Built three ways: -DCALLER=name gives the caller (the program's and libcaller's), -DCALLEE
 * gives regs_probe (libregs).  Offsets follow struct regs_io in regs.h: register i at 8*i,
 * the caller's view after the call at 8*(31+i). */
#define AFTER (31 * 8)
#define X(i) (120 + 8 * (i))
	.text
#ifdef CALLER
/* void CALLER(struct regs_io *io): load io->set into every register, call regs_probe through
 * the PLT, store every register into io->after. */
	.globl	CALLER
	.type	CALLER, @function
CALLER:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi			/* 7 pushes: %rsp is 16-byte aligned at the call */
	mov	%rdi, %rax
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movq	X(\i)(%rax), %xmm\i
	.endr
	mov	0(%rax), %rbx
	mov	8(%rax), %rbp
	mov	16(%rax), %r12
	mov	24(%rax), %r13
	mov	32(%rax), %r14
	mov	40(%rax), %r15
	mov	104(%rax), %r10
	mov	112(%rax), %r11
	mov	56(%rax), %rsi
	mov	64(%rax), %rdx
	mov	72(%rax), %rcx
	mov	80(%rax), %r8
	mov	88(%rax), %r9
	mov	48(%rax), %rdi
	mov	96(%rax), %rax
	call	regs_probe@PLT
	push	%rax
	mov	8(%rsp), %rax
	mov	%rbx, AFTER+0(%rax)
	mov	%rbp, AFTER+8(%rax)
	mov	%r12, AFTER+16(%rax)
	mov	%r13, AFTER+24(%rax)
	mov	%r14, AFTER+32(%rax)
	mov	%r15, AFTER+40(%rax)
	mov	%rdi, AFTER+48(%rax)
	mov	%rsi, AFTER+56(%rax)
	mov	%rdx, AFTER+64(%rax)
	mov	%rcx, AFTER+72(%rax)
	mov	%r8, AFTER+80(%rax)
	mov	%r9, AFTER+88(%rax)
	mov	%r10, AFTER+104(%rax)
	mov	%r11, AFTER+112(%rax)
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movq	%xmm\i, AFTER+X(\i)(%rax)
	.endr
	pop	%rcx
	mov	%rcx, AFTER+96(%rax)
	pop	%rdi
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret
	.size	CALLER, .-CALLER
#endif

#ifdef CALLEE
/* long regs_probe(...): record every register as it arrives, then return RET_* in %rax %rdx
 * %xmm0 %xmm1 and JUNK(i) in every other caller-saved register.  Callee-saved registers are
 * left as they arrived, as the ABI requires. */
	.globl	regs_probe
	.type	regs_probe, @function
regs_probe:
	mov	%rbx, regs_seen+0(%rip)
	mov	%rbp, regs_seen+8(%rip)
	mov	%r12, regs_seen+16(%rip)
	mov	%r13, regs_seen+24(%rip)
	mov	%r14, regs_seen+32(%rip)
	mov	%r15, regs_seen+40(%rip)
	mov	%rdi, regs_seen+48(%rip)
	mov	%rsi, regs_seen+56(%rip)
	mov	%rdx, regs_seen+64(%rip)
	mov	%rcx, regs_seen+72(%rip)
	mov	%r8, regs_seen+80(%rip)
	mov	%r9, regs_seen+88(%rip)
	mov	%rax, regs_seen+96(%rip)
	mov	%r10, regs_seen+104(%rip)
	mov	%r11, regs_seen+112(%rip)
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movq	%xmm\i, regs_seen+X(\i)(%rip)
	.endr
	movabs	$0x7e7e00000000065a, %rdi	/* JUNK(R_RDI) */
	movabs	$0x7e7e00000000075a, %rsi
	movabs	$0x7e7e00000000095a, %rcx
	movabs	$0x7e7e000000000a5a, %r8
	movabs	$0x7e7e000000000b5a, %r9
	movabs	$0x7e7e000000000d5a, %r10
	movabs	$0x7e7e000000000e5a, %r11
	.irp i, 2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movabs	$(0x7e7e00000000005a + ((15 + \i) << 8)), %rax
	movq	%rax, %xmm\i
	.endr
	movabs	$0x4009219999999999, %rax	/* RET_XMM0 */
	movq	%rax, %xmm0
	movabs	$0xc00b333333333333, %rax	/* RET_XMM1 */
	movq	%rax, %xmm1
	movabs	$0x1032547698badcfe, %rdx	/* RET_RDX */
	movabs	$0x0123456789abcdef, %rax	/* RET_RAX */
	ret
	.size	regs_probe, .-regs_probe
#endif
	.section .note.GNU-stack,"",@progbits
