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

static inline uintptr_t arch_tp_inline(void)
{
	uintptr_t tp;
	__asm__("mov %%fs:0, %0" : "=r"(tp));
	return tp;
}
#endif
