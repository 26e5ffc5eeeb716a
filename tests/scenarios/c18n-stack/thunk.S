/* Caller side of the probe: records its true return address (the label after the call) and
 * its stack pointer, XORed with KEY, into *in, then calls scan_probe(in, out) through the PLT.
 * The 144 bytes above the return address are zeroed first, so the stack-argument window the
 * trampoline copies to the callee (the 128 bytes above the return address) holds nothing of
 * the caller's; the raw stack pointer is then kept in the caller's frame just above that
 * window (as a saved frame pointer would be), where a scan of the caller's own stack finds
 * it: with --no-compartments, or natively, the callee's scan does. */
#define KEY 0x5a5a5a5a5a5a5a5a
	.text
	.globl	THUNK
	.type	THUNK, @function
THUNK:
	push	%rbp
	mov	%rsp, %rbp
	sub	$144, %rsp
	mov	%rdi, %r8
	mov	%rsi, %r9
	mov	%rsp, %rdi
	mov	$18, %ecx
	xor	%eax, %eax
	rep stosq
	mov	%r8, %rdi
	mov	%r9, %rsi
	movabs	$KEY, %rcx
	lea	1f(%rip), %rax
	xor	%rcx, %rax
	mov	%rax, 0(%rdi)
	mov	%rsp, %rax
	xor	%rcx, %rax
	mov	%rax, 8(%rdi)
	lea	-8(%rsp), %rax
	xor	%rcx, %rax
	mov	%rax, 16(%rdi)
	mov	%rsp, 136(%rsp)
	xor	%eax, %eax
	xor	%ecx, %ecx
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	call	scan_probe@PLT
1:	leave
	ret
	.size	THUNK, .-THUNK
	.section .note.GNU-stack,"",@progbits
