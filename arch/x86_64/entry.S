/*
 * entry.S (x86-64): hand-off to the program and the static TLSDESC resolver.
 * Must stay true: each entry point documents its register and stack contract and has CFI.
 */
	.text

/*
 * void arch_handoff(void *entry, void *sp, void (*rtld_fini)(void))
 *   %rdi = program entry point, %rsi = stack pointer to install (points at argc, as the kernel
 *   leaves it), %rdx = rtld_fini, passed on to _start in %rdx as the SysV ABI requires.
 *   Never returns.  All other registers are cleared; %rbp = 0 marks the outermost frame.
 */
	.globl	arch_handoff
	.hidden	arch_handoff
	.type	arch_handoff, @function
arch_handoff:
	.cfi_startproc
	.cfi_undefined rip
	mov	%rsi, %rsp
	mov	%rdi, %r11
	xor	%eax, %eax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	jmp	*%r11
	.cfi_endproc
	.size	arch_handoff, .-arch_handoff

/*
 * void arch_call_on_stack(void *top, void (*fn)(void *), void *arg)
 *   %rdi = top of the stack to run on (aligned down to 16 here), %rsi = fn, %rdx = arg.
 *   Calls fn(arg) on that stack and returns on the caller's (fn may also never return, as
 *   longjmp does).  %rbx keeps the caller's %rsp meanwhile; the CFI finds the caller there.
 */
	.globl	arch_call_on_stack
	.hidden	arch_call_on_stack
	.type	arch_call_on_stack, @function
arch_call_on_stack:
	.cfi_startproc
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset rbx, 0
	mov	%rsp, %rbx
	.cfi_def_cfa_register rbx
	and	$-16, %rdi
	mov	%rdi, %rsp
	mov	%rdx, %rdi
	call	*%rsi
	mov	%rbx, %rsp
	.cfi_def_cfa_register rsp
	pop	%rbx
	.cfi_adjust_cfa_offset -8
	.cfi_restore rbx
	ret
	.cfi_endproc
	.size	arch_call_on_stack, .-arch_call_on_stack

/*
 * int arch_probe_read(const void *a, uintptr_t *out)
 *   %rdi = address, %rsi = out.  *out = the word at a and 0; or -1 without touching *out
 *   when a cannot be read: the fault handler sends a fault at c18n_probe_insn on to
 *   c18n_probe_fixup (arch_probe_fixup).  Clobbers %rax only.
 */
	.globl	arch_probe_read
	.hidden	arch_probe_read
	.type	arch_probe_read, @function
arch_probe_read:
	.cfi_startproc
c18n_probe_insn:
	mov	(%rdi), %rax
	mov	%rax, (%rsi)
	xor	%eax, %eax
	ret
c18n_probe_fixup:
	mov	$-1, %eax
	ret
	.cfi_endproc
	.size	arch_probe_read, .-arch_probe_read

/* uintptr_t arch_probe_fixup(uintptr_t pc): where a fault at pc resumes, or 0. */
	.globl	arch_probe_fixup
	.hidden	arch_probe_fixup
	.type	arch_probe_fixup, @function
arch_probe_fixup:
	.cfi_startproc
	lea	c18n_probe_insn(%rip), %rax
	cmp	%rax, %rdi
	jne	1f
	lea	c18n_probe_fixup(%rip), %rax
	ret
1:	xor	%eax, %eax
	ret
	.cfi_endproc
	.size	arch_probe_fixup, .-arch_probe_fixup

/*
 * TLSDESC resolver for modules with static TLS.
 *   In:  %rax = address of the descriptor (GOT[0] = this function, GOT[1] = tp offset).
 *   Out: %rax = offset of the variable from the thread pointer.  No other register changes.
 */
	.globl	arch_tlsdesc_static
	.hidden	arch_tlsdesc_static
	.type	arch_tlsdesc_static, @function
arch_tlsdesc_static:
	.cfi_startproc
	mov	8(%rax), %rax
	ret
	.cfi_endproc
	.size	arch_tlsdesc_static, .-arch_tlsdesc_static

	.section .note.GNU-stack,"",@progbits
