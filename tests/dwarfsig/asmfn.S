/* asmfn.S: a function written in assembly.  Assembled with -g, GNU as describes it with a
 * DW_TAG_subprogram (DW_LANG_Mips_Assembler) that lists no parameters: dwarfsig must not
 * take that for "no arguments" (it is declared below as taking 7 longs: 8 stack bytes). */
	.text
	.globl	sig_asm
	.type	sig_asm, @function
/* long sig_asm(long a, long b, long c, long d, long e, long f, long g): returns g */
sig_asm:
	movq	8(%rsp), %rax
	ret
	.size	sig_asm, .-sig_asm
	.section .note.GNU-stack,"",@progbits
