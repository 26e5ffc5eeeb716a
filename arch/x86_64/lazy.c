/*
 * lazy.c (x86-64): choosing the lazy-binding entry and sizing its register save area.
 * Must stay true: c18n_lazy_save_size covers the 128-byte integer area of lazy.S plus the
 * largest extended state the chosen instruction writes, rounded to 64 bytes.
 */
#include "rtld.h"

#include <cpuid.h>
#include <string.h>
#include <sys/platform/x86.h>

void c18n_lazy_entry_xsavec(void);
void c18n_lazy_entry_xsave(void);
void c18n_lazy_entry_fxsave(void);
HIDDEN unsigned long c18n_lazy_save_size = 128 + 512 + 64;
HIDDEN int c18n_save_kind; /* 0 FXSAVE, 1 XSAVE, 2 XSAVEC (for c18n_save_vector_state) */
static void *entry = (void *)c18n_lazy_entry_fxsave;

/* CPU features come from glibc's own CPUID pass (sys/platform/x86.h): on a virtual machine
 * every CPUID instruction traps to the hypervisor (about 5 us each here).  Only the size of
 * the XSAVE area takes one. */
void arch_lazy_init(void)
{
	if (!CPU_FEATURE_PRESENT(XSAVE) || !CPU_FEATURE_PRESENT(OSXSAVE)) {
		c18n_lazy_save_size = 128 + 512;
		entry = (void *)c18n_lazy_entry_fxsave;
		c18n_save_kind = 0;
		return;
	}
	/* leaf 0xd, subleaf 0: EBX = size of the XSAVE area for the features enabled in XCR0 */
	unsigned a, b, c, d;
	__cpuid_count(0xd, 0, a, b, c, d);
	unsigned size = b;
	entry = (void *)c18n_lazy_entry_xsave;
	c18n_save_kind = 1;
	if (CPU_FEATURE_PRESENT(XSAVEC)) { /* compacted form is never larger */
		entry = (void *)c18n_lazy_entry_xsavec;
		c18n_save_kind = 2;
	}
	if (size < 512 + 64)
		size = 512 + 64;
	c18n_lazy_save_size = ALIGN_UP(128 + (unsigned long)size, 64);
}

/* AVX usable (XMM and YMM state enabled by the OS): VEX-encoded clears then clear whole
 * vector registers, upper lanes too. */
int arch_wide_vectors(void)
{
	if (!CPU_FEATURE_PRESENT(OSXSAVE) || !CPU_FEATURE_PRESENT(AVX))
		return 0;
	unsigned lo, hi;
	__asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

void *arch_lazy_entry(void) { return entry; }

/* jmp *disp32(%rip) to the literal (6 bytes), then int3 to the end of the stub */
void arch_jump_stub(unsigned char *at, const uintptr_t *literal)
{
	int32_t disp = (int32_t)((intptr_t)literal - (intptr_t)(at + 6));
	at[0] = 0xff;
	at[1] = 0x25;
	memcpy(at + 2, &disp, 4);
	memset(at + 6, 0xcc, ARCH_JUMP_STUB_SIZE - 6);
}
