/*
 * syscall.c (x86-64): system call names for reports, and the i386 ABI (int $0x80) call the
 * isolation SIGSYS handler makes for a compartment under audit (isolation/seccomp.c).
 * Must stay true: the names come from the kernel headers the loader is built against
 * (build/gen/syscall-names.h, made by the Makefile from <asm/unistd_64.h>), never typed in.
 */
#include "rtld.h"

static const char *const names[] = {
#include "syscall-names.h"
};

const char *arch_syscall_name(long nr)
{
	return nr >= 0 && (size_t)nr < ARRAY_SIZE(names) ? names[nr] : NULL;
}

/* int $0x80: number in %eax, arguments in %ebx, %ecx, %edx, %esi, %edi, %ebp; the kernel
 * zeroes %r8-%r11.  %rbp is saved around it by hand (it may be the frame pointer), below the
 * red zone. */
long arch_syscall_compat(long nr, const long a[6])
{
	long r = nr, bp = a[5];
	__asm__ volatile("sub $128, %%rsp\n\t"
			 "push %%rbp\n\t"
			 "mov %[bp], %%rbp\n\t"
			 "int $0x80\n\t"
			 "pop %%rbp\n\t"
			 "add $128, %%rsp"
			 : "+a"(r)
			 : "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4]), [bp] "r"(bp)
			 : "r8", "r9", "r10", "r11", "memory", "cc");
	return (int)r; /* (a 32-bit result: -errno sign-extended) */
}
