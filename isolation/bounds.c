/*
 * bounds.c: the bounds of an object at an address, function starts, sections: what the
 * capability checks and the reports know about the memory of a loaded object.
 *
 * The bounds of a data object are those of the symbol containing it: .symtab when the file
 * has one, else .dynsym.  An address no symbol covers lies between two symbols (or a symbol
 * and the end of its segment); that gap is the smallest range known to contain whatever
 * object is there, so it is the bounds used (c18n(7)).  A function starts at a function
 * symbol or at the initial location of an FDE (.eh_frame_hdr), which covers the static
 * functions a stripped object still has unwind information for.
 *
 * Must stay true: the file is read with pread only and every size taken from it is checked
 * against the file's size; a file that is unreadable or malformed here only loses the
 * names (bounds fall back to the gaps between the .dynsym symbols, or the segment).
 */
#include "iso.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct iso_obj *iso_obj_of(struct obj *o)
{
	if (!o->iso)
		o->iso = rtld_alloc(sizeof *o->iso);
	return o->iso;
}

/* symbols sorted by start, then size; `maxhi[i]`: the highest end among the first i+1 */
static uintptr_t *maxhi_of(struct iso_obj *io) { return (uintptr_t *)(io->syms + io->nsyms); }

static int bsym_less(const void *x, const void *y)
{
	const struct bsym *a = x, *b = y;
	return a->lo < b->lo || (a->lo == b->lo && a->hi < b->hi);
}

static int usable(const ElfW(Sym) *s)
{
	unsigned t = ELF64_ST_TYPE(s->st_info);
	return s->st_shndx != SHN_UNDEF && s->st_shndx != SHN_ABS && s->st_size &&
	       (t == STT_OBJECT || t == STT_FUNC || t == STT_COMMON || t == STT_NOTYPE ||
		t == STT_GNU_IFUNC);
}

/* .symtab and its strings from the file, or 0 (none, or unreadable). */
static size_t read_symtab(struct obj *o, ElfW(Sym) **syms, char **strs, size_t *strsz)
{
	int fd = open(o->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	size_t n = 0;
	struct stat st;
	ElfW(Ehdr) eh;
	ElfW(Shdr) *sh = NULL;
	if (fstat(fd, &st) < 0 || rtld_read_at(fd, &eh, sizeof eh, 0) < 0 ||
	    eh.e_shentsize != sizeof(ElfW(Shdr)) || !eh.e_shnum ||
	    eh.e_shoff > (uint64_t)st.st_size ||
	    (uint64_t)eh.e_shnum * sizeof *sh > (uint64_t)st.st_size - eh.e_shoff)
		goto out;
	sh = rtld_alloc(eh.e_shnum * sizeof *sh);
	if (!sh || rtld_read_at(fd, sh, eh.e_shnum * sizeof *sh, eh.e_shoff) < 0)
		goto out;
	for (size_t i = 0; i < eh.e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_entsize != sizeof(ElfW(Sym)) ||
		    sh[i].sh_link >= eh.e_shnum)
			continue;
		const ElfW(Shdr) *ss = &sh[i], *sst = &sh[ss->sh_link];
		if (ss->sh_offset > (uint64_t)st.st_size || ss->sh_size > (uint64_t)st.st_size -
		    ss->sh_offset || sst->sh_offset > (uint64_t)st.st_size ||
		    sst->sh_size > (uint64_t)st.st_size - sst->sh_offset || !sst->sh_size)
			break;
		*syms = rtld_alloc(ss->sh_size ? ss->sh_size : 1);
		*strs = rtld_alloc(sst->sh_size + 1);
		if (*syms && *strs && rtld_read_at(fd, *syms, ss->sh_size, ss->sh_offset) == 0 &&
		    rtld_read_at(fd, *strs, sst->sh_size, sst->sh_offset) == 0) {
			(*strs)[sst->sh_size] = 0;
			*strsz = sst->sh_size;
			n = ss->sh_size / sizeof(ElfW(Sym));
		} else {
			rtld_free(*syms);
			rtld_free(*strs);
			*syms = NULL;
			*strs = NULL;
		}
		break;
	}
out:
	rtld_free(sh);
	close(fd);
	return n;
}

static void build_syms(struct obj *o, struct iso_obj *io)
{
	io->syms_built = 1;
	ElfW(Sym) *ss = NULL;
	char *strs = NULL;
	size_t strsz = 0;
	size_t ns = read_symtab(o, &ss, &strs, &strsz);
	size_t n = 0;
	for (size_t i = 0; i < o->nsyms; i++)
		n += usable(&o->symtab[i]);
	for (size_t i = 0; i < ns; i++)
		n += usable(&ss[i]);
	/* the symbols, then the running maximum of their ends */
	io->syms = rtld_alloc((n ? n : 1) * (sizeof *io->syms + sizeof(uintptr_t)));
	if (!io->syms)
		return;
	uintptr_t base = o->lm.l_addr;
	n = 0;
	for (size_t i = 0; i < o->nsyms; i++) {
		const ElfW(Sym) *s = &o->symtab[i];
		if (usable(s))
			io->syms[n++] = (struct bsym){ base + s->st_value,
						       base + s->st_value + s->st_size,
						       obj_str(o, s->st_name),
						       ELF64_ST_TYPE(s->st_info) == STT_FUNC,
						       ELF64_ST_BIND(s->st_info) != STB_LOCAL &&
							       (ELF64_ST_VISIBILITY(s->st_other) ==
								STV_DEFAULT ||
								ELF64_ST_VISIBILITY(s->st_other) ==
								STV_PROTECTED) };
	}
	for (size_t i = 0; i < ns; i++) {
		const ElfW(Sym) *s = &ss[i];
		if (usable(s))
			io->syms[n++] = (struct bsym){ base + s->st_value,
						       base + s->st_value + s->st_size,
						       s->st_name < strsz ? strs + s->st_name : NULL,
						       ELF64_ST_TYPE(s->st_info) == STT_FUNC, 0 };
	}
	rtld_free(ss);
	io->strs = strs;
	rtld_heapsort(io->syms, n, sizeof *io->syms, bsym_less);
	/* the same symbol from both tables once */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!k || io->syms[i].lo != io->syms[k - 1].lo || io->syms[i].hi != io->syms[k - 1].hi) {
			io->syms[k++] = io->syms[i];
			continue;
		}
		if (!io->syms[k - 1].name)
			io->syms[k - 1].name = io->syms[i].name;
		io->syms[k - 1].exported |= io->syms[i].exported;
	}
	io->nsyms = k;
	uintptr_t *mx = maxhi_of(io), m = 0;
	for (size_t i = 0; i < k; i++) {
		if (io->syms[i].hi > m)
			m = io->syms[i].hi;
		mx[i] = m;
	}
}

static struct iso_obj *with_syms(struct obj *o)
{
	struct iso_obj *io = iso_obj_of(o);
	if (io && !io->syms_built)
		build_syms(o, io);
	return io && io->syms ? io : NULL;
}

/* the last symbol starting at or below a, or (size_t)-1 */
static size_t last_at_or_below(const struct iso_obj *io, uintptr_t a)
{
	size_t lo = 0, hi = io->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (io->syms[mid].lo <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* the PT_LOAD segment of o holding a */
static int segment_of(struct obj *o, uintptr_t a, uintptr_t *lo, uintptr_t *hi)
{
	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		uintptr_t s = o->lm.l_addr + ph->p_vaddr;
		if (ph->p_type == PT_LOAD && a >= s && a < s + ph->p_memsz) {
			*lo = s;
			*hi = s + ph->p_memsz;
			return 1;
		}
	}
	return 0;
}

int bounds_exported(struct obj *o, uintptr_t a, uintptr_t *lo, uintptr_t *hi, const char **name)
{
	struct iso_obj *io = with_syms(o);
	if (!io)
		return 0;
	size_t i = last_at_or_below(io, a);
	const uintptr_t *mx = maxhi_of(io);
	for (size_t j = i + 1; i != (size_t)-1 && j-- > 0 && mx[j] > a;)
		if (io->syms[j].hi > a && io->syms[j].exported && !io->syms[j].func) {
			*lo = io->syms[j].lo;
			*hi = io->syms[j].hi;
			*name = io->syms[j].name;
			return 1;
		}
	return 0;
}

int bounds_of(struct obj *o, uintptr_t a, uintptr_t *lo, uintptr_t *hi, const char **name)
{
	uintptr_t slo, shi;
	if (!segment_of(o, a, &slo, &shi)) {
		slo = ALIGN_DOWN(a, rtld_pagesize);
		shi = slo + rtld_pagesize;
	}
	*lo = slo;
	*hi = shi;
	*name = NULL;
	struct iso_obj *io = with_syms(o);
	if (!io)
		return 0;
	size_t i = last_at_or_below(io, a);
	const uintptr_t *mx = maxhi_of(io);
	if (i != (size_t)-1) {
		for (size_t j = i + 1; j-- > 0 && mx[j] > a;)
			if (io->syms[j].hi > a) {
				*lo = io->syms[j].lo;
				*hi = io->syms[j].hi;
				*name = io->syms[j].name;
				return 1;
			}
		if (mx[i] > *lo)
			*lo = mx[i];
	}
	if (i + 1 < io->nsyms && io->syms[i + 1].lo < *hi)
		*hi = io->syms[i + 1].lo;
	return 0;
}

const char *bounds_function_at(struct obj *o, uintptr_t pc, uintptr_t *off)
{
	struct iso_obj *io = with_syms(o);
	if (!io)
		return NULL;
	size_t i = last_at_or_below(io, pc);
	const uintptr_t *mx = maxhi_of(io);
	if (i == (size_t)-1)
		return NULL;
	for (size_t j = i + 1; j-- > 0 && mx[j] > pc;)
		if (io->syms[j].func && io->syms[j].hi > pc) {
			*off = pc - io->syms[j].lo;
			return io->syms[j].name;
		}
	return NULL;
}

/* .eh_frame_hdr's table: the initial locations of every FDE, sorted. */
static void build_fstarts(struct obj *o, struct iso_obj *io)
{
	io->fstarts_built = 1;
	if (!o->eh_frame_hdr)
		return;
	const unsigned char *h = (const unsigned char *)(o->lm.l_addr + o->eh_frame_hdr);
	unsigned char hdr[12];
	if (iso_read((uintptr_t)h, hdr, sizeof hdr) < 0)
		return;
	/* version 1; the pointer to .eh_frame and the count as 4-byte values; the table as
	 * pairs of 4-byte offsets from the header (DW_EH_PE_datarel | DW_EH_PE_sdata4) */
	if (hdr[0] != 1 || (hdr[1] & 0x0f) != 0x0b || (hdr[2] & 0x0f) != 0x03 || hdr[3] != 0x3b)
		return;
	uint32_t count;
	memcpy(&count, hdr + 8, 4);
	if (!count || count > (1u << 24))
		return;
	int32_t *tab = rtld_alloc((size_t)count * 8);
	io->fstarts = rtld_alloc((size_t)count * sizeof *io->fstarts);
	if (!tab || !io->fstarts || iso_read((uintptr_t)(h + 12), tab, (size_t)count * 8) < 0) {
		rtld_free(tab);
		rtld_free(io->fstarts);
		io->fstarts = NULL;
		return;
	}
	for (uint32_t i = 0; i < count; i++)
		io->fstarts[i] = (uintptr_t)h + (intptr_t)tab[2 * i];
	io->nfstarts = count;
	rtld_free(tab);
}

/* PLT0, the lazy-binding stub every PLT entry jumps to: "push GOT[1]; jmp *GOT[2]", both
 * relative to the instruction's end.  Its FDE starts the .plt's, but it is no function: it
 * expects the entry's pushed index on the stack, which a transition would not carry. */
static int is_plt0(struct obj *o, uintptr_t a)
{
	unsigned char b[12];
	if (!o->pltgot || iso_read(a, b, sizeof b) < 0 || b[0] != 0xff || b[1] != 0x35 ||
	    b[6] != 0xff || b[7] != 0x25)
		return 0;
	int32_t d1, d2;
	memcpy(&d1, b + 2, 4);
	memcpy(&d2, b + 8, 4);
	return a + 6 + (intptr_t)d1 == (uintptr_t)&o->pltgot[1] &&
	       a + 12 + (intptr_t)d2 == (uintptr_t)&o->pltgot[2];
}

int bounds_is_function_start(struct obj *o, uintptr_t a)
{
	struct iso_obj *io = iso_obj_of(o);
	if (!io || is_plt0(o, a))
		return 0;
	if (!io->fstarts_built)
		build_fstarts(o, io);
	size_t lo = 0, hi = io->nfstarts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (io->fstarts[mid] < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < io->nfstarts && io->fstarts[lo] == a)
		return 1;
	struct iso_obj *is = with_syms(o);
	if (!is)
		return 0;
	size_t i = last_at_or_below(is, a);
	for (; i != (size_t)-1 && is->syms[i].lo == a; i--)
		if (is->syms[i].func)
			return 1;
	return 0;
}

const char *bounds_section_at(struct obj *o, uintptr_t a, uintptr_t *off)
{
	static char name[64];
	*off = 0;
	name[0] = 0;
	int fd = open(o->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return name;
	struct stat st;
	ElfW(Ehdr) eh;
	ElfW(Shdr) *sh = NULL;
	uintptr_t v = a - o->lm.l_addr;
	if (fstat(fd, &st) == 0 && rtld_read_at(fd, &eh, sizeof eh, 0) == 0 &&
	    eh.e_shentsize == sizeof(ElfW(Shdr)) && eh.e_shnum &&
	    eh.e_shstrndx < eh.e_shnum && eh.e_shoff <= (uint64_t)st.st_size &&
	    (uint64_t)eh.e_shnum * sizeof *sh <= (uint64_t)st.st_size - eh.e_shoff &&
	    (sh = rtld_alloc(eh.e_shnum * sizeof *sh)) &&
	    rtld_read_at(fd, sh, eh.e_shnum * sizeof *sh, eh.e_shoff) == 0) {
		for (size_t i = 1; i < eh.e_shnum; i++) {
			if (!(sh[i].sh_flags & SHF_ALLOC) || v < sh[i].sh_addr ||
			    v - sh[i].sh_addr >= sh[i].sh_size)
				continue;
			const ElfW(Shdr) *ss = &sh[eh.e_shstrndx];
			if (sh[i].sh_name < ss->sh_size &&
			    rtld_read_at(fd, name, sizeof name - 1, ss->sh_offset + sh[i].sh_name) == 0) {
				name[sizeof name - 1] = 0;
				*off = v - sh[i].sh_addr;
			} else {
				name[0] = 0;
			}
			break;
		}
	}
	rtld_free(sh);
	close(fd);
	return name;
}

uintptr_t bounds_plt_target(struct obj *o, uintptr_t a, struct obj **def)
{
	for (size_t i = 0; i < o->nsyms; i++) {
		const ElfW(Sym) *s = &o->symtab[i];
		if (s->st_shndx != SHN_UNDEF || !s->st_value || o->lm.l_addr + s->st_value != a)
			continue;
		unsigned t = ELF64_ST_TYPE(s->st_info);
		if (t != STT_FUNC && t != STT_GNU_IFUNC)
			continue;
		struct symlook req;
		symlook_init(&req, obj_str(o, s->st_name), obj_sym_version(o, i), o);
		req.flags |= SYMLOOK_SKIP_MAIN | SYMLOOK_IN_PLT;
		if (!req.name || symlook_default(&req) < 0)
			return 0;
		*def = req.defobj;
		return symlook_value(&req);
	}
	return 0;
}

void bounds_forget(struct obj *o)
{
	struct iso_obj *io = o->iso;
	if (!io)
		return;
	rtld_free(io->syms);
	rtld_free(io->strs);
	rtld_free(io->fstarts);
	rtld_free(io->tags);
	rtld_free(io);
	o->iso = NULL;
}
