/*
 * lazy.c (x86-64): choosing the lazy-binding entry and sizing its register save area.
 * Must stay true: c18n_lazy_save_size covers the 128-byte integer area of lazy.S plus the
 * largest extended state the chosen instruction writes, rounded to 64 bytes.
 */
#include "rtld.h"

#include <cpuid.h>

void c18n_lazy_entry_xsavec(void);
void c18n_lazy_entry_xsave(void);
void c18n_lazy_entry_fxsave(void);
HIDDEN unsigned long c18n_lazy_save_size = 128 + 512 + 64;
HIDDEN int c18n_save_kind; /* 0 FXSAVE, 1 XSAVE, 2 XSAVEC (for c18n_save_vector_state) */
static void *entry = (void *)c18n_lazy_entry_fxsave;

void arch_lazy_init(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_XSAVE) || !(c & bit_OSXSAVE)) {
		c18n_lazy_save_size = 128 + 512;
		entry = (void *)c18n_lazy_entry_fxsave;
		c18n_save_kind = 0;
		return;
	}
	/* leaf 0xd, subleaf 0: EBX = size of the XSAVE area for the features enabled in XCR0 */
	__cpuid_count(0xd, 0, a, b, c, d);
	unsigned size = b;
	entry = (void *)c18n_lazy_entry_xsave;
	c18n_save_kind = 1;
	__cpuid_count(0xd, 1, a, b, c, d);
	if (a & (1u << 1)) { /* XSAVEC: compacted form is never larger */
		entry = (void *)c18n_lazy_entry_xsavec;
		c18n_save_kind = 2;
	}
	if (size < 512 + 64)
		size = 512 + 64;
	c18n_lazy_save_size = ALIGN_UP(128 + (unsigned long)size, 64);
}

void *arch_lazy_entry(void) { return entry; }
