/*
 * arch.h (x86-64): maps the names listed in rtld/md.h for x86-64.
 * Must stay true: only names from md.h are defined here.
 */
#ifndef C18N_ARCH_H
#define C18N_ARCH_H
#include "md.h"

#define EM_ARCH EM_X86_64
#define ARCH_PLATFORM "x86_64"
#define ARCH_LIB "lib/x86_64-linux-gnu"
#define ARCH_LIB_DIRS "/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib:/usr/lib"
#define LDSO_CACHE_FLAGS 0x0303 /* FLAG_ELF_LIBC6 | FLAG_X8664_LIB64 */
#define R_TYPE_RELATIVE R_X86_64_RELATIVE
#define R_TYPE_JUMP_SLOT R_X86_64_JUMP_SLOT
#define R_TYPE_IRELATIVE R_X86_64_IRELATIVE
#define ARCH_USER_TOP 0x800000000000ul /* first address past user space (48-bit) */
/* 8 to 16 TiB: the kernel puts a native program's code at 0x400000 (non-PIE), near
 * 0x555555554000 (PIE) and in the mmap area, which grows down from just below the stack
 * (0x7f...), or up from 0x2aaaaaaab000 with an unlimited stack: never here. */
#define ARCH_CODE_WINDOW_LO 0x080000000000ul
#define ARCH_CODE_WINDOW_HI 0x100000000000ul
#define ARCH_SIGCTX_FLAGS REG_EFL
#define ARCH_FLAG_SINGLE_STEP 0x100 /* EFLAGS.TF */
#define ARCH_BREAKPOINT_BYTE 0xcc /* int3 */
#define ARCH_AUDIT AUDIT_ARCH_X86_64 /* seccomp_data.arch of the native system-call ABI */
#define ARCH_JUMP_STUB_SIZE 16 /* arch_jump_stub: jmp *disp32(%rip), padded */

/* Code between these uses no vector, mask or x87 register (the tracing path, trace.c). */
#define ARCH_SCALAR_ONLY _Pragma("GCC push_options") _Pragma("GCC target(\"general-regs-only\")")
#define ARCH_SCALAR_END _Pragma("GCC pop_options")

/* A system call from scalar-only code (no libc wrapper, no cancellation point); the
 * kernel's result (-errno on error). */
static inline long arch_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			 "r"(r9) : "rcx", "r11", "memory");
	return r;
}

static inline uintptr_t arch_tp_inline(void)
{
	uintptr_t tp;
	__asm__("mov %%fs:0, %0" : "=r"(tp));
	return tp;
}
#endif
