/*
 * reloc.c (x86-64): relocation type classification and the types that are not generic.
 * Must stay true: arch_reloc_class() names every R_X86_64_* type; types that only a static
 * linker may see are classified RCLASS_UNKNOWN so the loader rejects them loudly.
 */
#include "rtld.h"

static const char *const names[] = {
	[R_X86_64_NONE] = "R_X86_64_NONE", [R_X86_64_64] = "R_X86_64_64",
	[R_X86_64_PC32] = "R_X86_64_PC32", [R_X86_64_GOT32] = "R_X86_64_GOT32",
	[R_X86_64_PLT32] = "R_X86_64_PLT32", [R_X86_64_COPY] = "R_X86_64_COPY",
	[R_X86_64_GLOB_DAT] = "R_X86_64_GLOB_DAT", [R_X86_64_JUMP_SLOT] = "R_X86_64_JUMP_SLOT",
	[R_X86_64_RELATIVE] = "R_X86_64_RELATIVE", [R_X86_64_GOTPCREL] = "R_X86_64_GOTPCREL",
	[R_X86_64_32] = "R_X86_64_32", [R_X86_64_32S] = "R_X86_64_32S",
	[R_X86_64_16] = "R_X86_64_16", [R_X86_64_PC16] = "R_X86_64_PC16",
	[R_X86_64_8] = "R_X86_64_8", [R_X86_64_PC8] = "R_X86_64_PC8",
	[R_X86_64_DTPMOD64] = "R_X86_64_DTPMOD64", [R_X86_64_DTPOFF64] = "R_X86_64_DTPOFF64",
	[R_X86_64_TPOFF64] = "R_X86_64_TPOFF64", [R_X86_64_TLSGD] = "R_X86_64_TLSGD",
	[R_X86_64_TLSLD] = "R_X86_64_TLSLD", [R_X86_64_DTPOFF32] = "R_X86_64_DTPOFF32",
	[R_X86_64_GOTTPOFF] = "R_X86_64_GOTTPOFF", [R_X86_64_TPOFF32] = "R_X86_64_TPOFF32",
	[R_X86_64_PC64] = "R_X86_64_PC64", [R_X86_64_GOTOFF64] = "R_X86_64_GOTOFF64",
	[R_X86_64_GOTPC32] = "R_X86_64_GOTPC32", [R_X86_64_GOT64] = "R_X86_64_GOT64",
	[R_X86_64_GOTPCREL64] = "R_X86_64_GOTPCREL64", [R_X86_64_GOTPC64] = "R_X86_64_GOTPC64",
	[R_X86_64_GOTPLT64] = "R_X86_64_GOTPLT64", [R_X86_64_PLTOFF64] = "R_X86_64_PLTOFF64",
	[R_X86_64_SIZE32] = "R_X86_64_SIZE32", [R_X86_64_SIZE64] = "R_X86_64_SIZE64",
	[R_X86_64_GOTPC32_TLSDESC] = "R_X86_64_GOTPC32_TLSDESC",
	[R_X86_64_TLSDESC_CALL] = "R_X86_64_TLSDESC_CALL", [R_X86_64_TLSDESC] = "R_X86_64_TLSDESC",
	[R_X86_64_IRELATIVE] = "R_X86_64_IRELATIVE", [R_X86_64_RELATIVE64] = "R_X86_64_RELATIVE64",
	[R_X86_64_GOTPCRELX] = "R_X86_64_GOTPCRELX",
	[R_X86_64_REX_GOTPCRELX] = "R_X86_64_REX_GOTPCRELX",
};

const char *arch_reloc_name(unsigned type)
{
	if (type < ARRAY_SIZE(names) && names[type])
		return names[type];
	return "unknown";
}

int arch_reloc_class(unsigned type)
{
	switch (type) {
	case R_X86_64_NONE: return RCLASS_NONE;
	case R_X86_64_64: return RCLASS_ABS;
	case R_X86_64_COPY: return RCLASS_COPY;
	case R_X86_64_GLOB_DAT: return RCLASS_GLOB_DAT;
	case R_X86_64_JUMP_SLOT: return RCLASS_JUMP_SLOT;
	case R_X86_64_RELATIVE:
	case R_X86_64_RELATIVE64: return RCLASS_RELATIVE;
	case R_X86_64_IRELATIVE: return RCLASS_IRELATIVE;
	case R_X86_64_DTPMOD64: return RCLASS_DTPMOD;
	case R_X86_64_DTPOFF64: return RCLASS_DTPOFF;
	case R_X86_64_TPOFF64: return RCLASS_TPOFF;
	case R_X86_64_TLSDESC: return RCLASS_TLSDESC;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_16:
	case R_X86_64_PC16:
	case R_X86_64_8:
	case R_X86_64_PC8:
	case R_X86_64_PC64:
	case R_X86_64_DTPOFF32:
	case R_X86_64_TPOFF32:
	case R_X86_64_SIZE32:
	case R_X86_64_SIZE64: return RCLASS_OTHER;
	/* link-time only: never valid in a loaded object */
	case R_X86_64_GOT32:
	case R_X86_64_GOTPCREL:
	case R_X86_64_TLSGD:
	case R_X86_64_TLSLD:
	case R_X86_64_GOTTPOFF:
	case R_X86_64_GOTOFF64:
	case R_X86_64_GOTPC32:
	case R_X86_64_GOT64:
	case R_X86_64_GOTPCREL64:
	case R_X86_64_GOTPC64:
	case R_X86_64_GOTPLT64:
	case R_X86_64_PLTOFF64:
	case R_X86_64_GOTPC32_TLSDESC:
	case R_X86_64_TLSDESC_CALL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
	default: return RCLASS_UNKNOWN;
	}
}

static int store(struct obj *o, const ElfW(Rela) *r, void *where, int64_t v, int size, int sign)
{
	int64_t lo, hi;
	if (size == 8) {
		*(uint64_t *)where = (uint64_t)v;
		return 0;
	}
	if (sign) {
		lo = -((int64_t)1 << (size * 8 - 1));
		hi = ((int64_t)1 << (size * 8 - 1)) - 1;
	} else {
		lo = -((int64_t)1 << (size * 8 - 1)); /* 32: zero-extension or sign both tolerated */
		hi = ((int64_t)1 << (size * 8)) - 1;
	}
	if (v < lo || v > hi)
		return rtld_error("%s: relocation %s at offset 0x%lx overflows", o->path,
				  arch_reloc_name(ELF64_R_TYPE(r->r_info)), (unsigned long)r->r_offset);
	switch (size) {
	case 4: *(uint32_t *)where = (uint32_t)v; break;
	case 2: *(uint16_t *)where = (uint16_t)v; break;
	case 1: *(uint8_t *)where = (uint8_t)v; break;
	}
	return 0;
}

int arch_reloc_other(struct obj *o, const ElfW(Rela) *r, ElfW(Addr) *where, ElfW(Addr) S,
		     const ElfW(Sym) *sym)
{
	int64_t A = r->r_addend;
	int64_t P = (int64_t)(uintptr_t)where;
	switch (ELF64_R_TYPE(r->r_info)) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32: return store(o, r, where, (int64_t)S + A - P, 4, 1);
	case R_X86_64_32: return store(o, r, where, (int64_t)S + A, 4, 0);
	case R_X86_64_32S: return store(o, r, where, (int64_t)S + A, 4, 1);
	case R_X86_64_16: return store(o, r, where, (int64_t)S + A, 2, 0);
	case R_X86_64_PC16: return store(o, r, where, (int64_t)S + A - P, 2, 1);
	case R_X86_64_8: return store(o, r, where, (int64_t)S + A, 1, 0);
	case R_X86_64_PC8: return store(o, r, where, (int64_t)S + A - P, 1, 1);
	case R_X86_64_PC64: return store(o, r, where, (int64_t)S + A - P, 8, 1);
	case R_X86_64_DTPOFF32: return store(o, r, where, (int64_t)S + A, 4, 1);
	case R_X86_64_TPOFF32: {
		struct obj *def = o; /* static TLS only within the object or via symbol owner */
		return store(o, r, where, (int64_t)S + A - def->tls_offset, 4, 1);
	}
	case R_X86_64_SIZE32: return store(o, r, where, (int64_t)(sym ? sym->st_size : 0) + A, 4, 0);
	case R_X86_64_SIZE64: return store(o, r, where, (int64_t)(sym ? sym->st_size : 0) + A, 8, 0);
	default:
		return rtld_error("%s: unsupported relocation type %s", o->path,
				  arch_reloc_name(ELF64_R_TYPE(r->r_info)));
	}
}

uintptr_t arch_tp(void) { return arch_tp_inline(); }

/* The stack pointer saved in a jmp_buf, which glibc stores mangled with the pointer guard
 * (%fs:0x30): rotated left by 17 bits after an xor. */
uintptr_t arch_jmpbuf_sp(const void *env)
{
	const uintptr_t *jb = env;
	uintptr_t v = jb[6], guard;
	__asm__("mov %%fs:0x30, %0" : "=r"(guard));
	v = (v >> 17) | (v << 47);
	return v ^ guard;
}
