/*
 * object.c: mapping ELF files (headers read with pread; libelf only for an object whose DWARF
 * is found) and reading their dynamic sections.
 *
 * Must stay true:
 *  - Everything read from a file is validated before it is trusted: header fields, program
 *    headers, segment bounds against the file size, dynamic-section addresses against the
 *    mapped segments and string offsets against DT_STRSZ.  Bad input returns failure with an
 *    rtld_error() message "PATH: reason"; it never faults.
 *  - The dynamic section of our objects is left pristine (d_ptr values are unrelocated); host
 *    objects' dynamic sections were relocated in place by the system loader.
 *  - PT_LOAD segments are mapped at their p_align (the largest one, when it exceeds the page
 *    size), as glibc maps them; they must be in ascending order and must not overlap.
 *  - Two symbol counts: nsyms, the symbols the hash tables cover (lookup, dladdr: glibc's
 *    view), and symtab_n, the bound on indices relocations may name (glibc trusts them; we
 *    take .dynsym's size from the section headers, else the distance to DT_STRTAB when the
 *    string table follows the symbol table, as binutils and elfutils do, and never more than
 *    the rest of DT_SYMTAB's segment).
 */
#include "rtld.h"
#include "dwarfsig.h"
#include "iso.h"

#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct obj *obj_list, *obj_tail, *obj_main;
/* Objects unloaded: their structs, kept (obj_release), on a list of their own (by ->next). */
static struct obj *obj_retired;
static uint64_t next_serial = 1;

void obj_link(struct obj *o)
{
	o->serial = next_serial++;
	o->prev = obj_tail;
	o->next = NULL;
	if (obj_tail)
		obj_tail->next = o;
	else
		obj_list = o;
	obj_tail = o;
	/* public link_map chain mirrors ours */
	o->lm.l_prev = o->prev ? &o->prev->lm : NULL;
	o->lm.l_next = NULL;
	if (o->prev)
		o->prev->lm.l_next = &o->lm;
}

void obj_unlink(struct obj *o)
{
	if (o->prev)
		o->prev->next = o->next;
	else
		obj_list = o->next;
	if (o->next)
		o->next->prev = o->prev;
	else
		obj_tail = o->prev;
	if (o->prev)
		o->prev->lm.l_next = o->next ? &o->next->lm : NULL;
	if (o->next)
		o->next->lm.l_prev = o->prev ? &o->prev->lm : NULL;
}

struct obj *obj_find_by_name(const char *name)
{
	for (struct obj *o = obj_list; o; o = o->next) {
		if (o->soname && !strcmp(o->soname, name))
			return o;
		if (!strcmp(o->path, name))
			return o;
		for (size_t i = 0; i < o->naliases; i++)
			if (!strcmp(o->aliases[i], name))
				return o;
	}
	return NULL;
}

void obj_add_alias(struct obj *o, const char *name)
{
	if (obj_find_by_name(name) == o)
		return;
	o->aliases = rtld_realloc_array(o->aliases, o->naliases, o->naliases + 1, sizeof(char *));
	o->aliases[o->naliases++] = rtld_strdup(name);
}

struct obj *obj_find_by_addr(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	for (struct obj *o = obj_list; o; o = o->next) {
		if (a < o->map_start || a >= o->map_end)
			continue;
		for (size_t i = 0; i < o->phnum; i++) {
			const ElfW(Phdr) *ph = &o->phdr[i];
			if (ph->p_type != PT_LOAD)
				continue;
			uintptr_t s = o->lm.l_addr + ph->p_vaddr;
			if (a >= s && a < s + ph->p_memsz)
				return o;
		}
	}
	return NULL;
}

const struct verinfo *obj_sym_version(const struct obj *o, size_t idx)
{
	if (!o->versym || idx >= o->nversym)
		return NULL;
	unsigned ndx = o->versym[idx] & 0x7fff;
	return ndx < o->nversions && o->versions[ndx].name ? &o->versions[ndx] : NULL;
}

const char *obj_str(const struct obj *o, size_t off)
{
	if (!o->strtab || off >= o->strsz)
		return NULL;
	/* a table that ends in a NUL terminates every string in it (the usual case: no scan) */
	if (o->strtab[o->strsz - 1] != 0 && !memchr(o->strtab + off, 0, o->strsz - off))
		return NULL;
	return o->strtab + off;
}

static int seg_prot(unsigned flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return rtld_strdup(".");
	if (slash == path)
		return rtld_strdup("/");
	return rtld_strndup(path, slash - path);
}

/* $ORIGIN, as glibc computes it: for the program, the directory of its real path (a program
 * started through a symbolic link finds its libraries next to the file the link names); for
 * a library, the directory it was opened from, made absolute. */
static char *origin_of(const char *path, int is_main)
{
	char buf[PATH_MAX];
	if (is_main && realpath(path, buf))
		return dir_of(buf);
	if (path[0] != '/' && getcwd(buf, sizeof buf)) {
		char *d = dir_of(path), *r;
		if (!strcmp(d, "."))
			r = rtld_strdup(buf);
		else {
			const char *rel = d[0] == '.' && d[1] == '/' ? d + 2 : d;
			size_t n = strlen(buf) + 1 + strlen(rel) + 1;
			r = rtld_alloc(n);
			snprintf(r, n, "%s/%s", buf, rel);
		}
		rtld_free(d);
		return r;
	}
	return dir_of(path);
}

/* Is [addr, addr+size) inside a PT_LOAD's memory image whose p_flags include flags?
 * (unrelocated addresses) */
static int in_load(const struct obj *o, ElfW(Addr) addr, size_t size, unsigned flags)
{
	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		if (ph->p_type != PT_LOAD || (ph->p_flags & flags) != flags)
			continue;
		if (addr >= ph->p_vaddr && addr - ph->p_vaddr <= ph->p_memsz &&
		    size <= ph->p_memsz - (addr - ph->p_vaddr))
			return 1;
	}
	return 0;
}

/* Is [addr, addr+size) between the lowest PT_LOAD's start and the highest one's end?  A
 * PT_GNU_RELRO may cover several segments and the holes between them (ld makes one from the
 * end of an over-aligned .tdata segment to the next segment's .got); glibc protects it all. */
static int in_load_span(const struct obj *o, ElfW(Addr) addr, size_t size)
{
	ElfW(Addr) lo = ~(ElfW(Addr))0, hi = 0;
	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_vaddr < lo)
			lo = ph->p_vaddr;
		if (ph->p_vaddr + ph->p_memsz > hi)
			hi = ph->p_vaddr + ph->p_memsz;
	}
	return addr >= lo && addr <= hi && size <= hi - addr;
}

int obj_in_load(const struct obj *o, ElfW(Addr) addr, size_t size)
{
	return in_load(o, addr, size, 0);
}

int obj_reloc_target(const struct obj *o, ElfW(Addr) addr, size_t size)
{
	/* (DT_TEXTREL: reloc.c makes the text writable while it relocates) */
	return in_load(o, addr, size, (o->flags & OBJ_TEXTREL) ? 0 : PF_W);
}

/* Dynamic symbols an object may have (the largest libraries have a few hundred thousand):
 * what a DT_GNU_HASH chain is walked for at most. */
#define MAX_DYNSYMS (1u << 22)

/* The bytes from addr to the end of the PT_LOAD memory image holding it whose p_flags
 * include flags (0: none holds it; segments do not overlap, obj_map). */
static uint64_t load_rest(const struct obj *o, ElfW(Addr) addr, unsigned flags)
{
	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		if (ph->p_type == PT_LOAD && (ph->p_flags & flags) == flags &&
		    addr >= ph->p_vaddr && addr - ph->p_vaddr < ph->p_memsz)
			return ph->p_memsz - (addr - ph->p_vaddr);
	}
	return 0;
}

/* What the loader itself reads (headers, tables, the TLS image) must lie in a segment mapped
 * readable, at an address aligned for its type. */
static int in_readable(const struct obj *o, ElfW(Addr) addr, size_t size, size_t align)
{
	return addr % align == 0 && in_load(o, addr, size, PF_R);
}

static int elf_ready;

/* The section headers and their names, when the file has sane ones; else none (sections
 * are not needed to load an object: they only size its entry pages and find its DWARF). */
#define SECTIONS_BEFORE 1024
static void read_sections(int fd, const ElfW(Ehdr) *eh, uint64_t fsize,
			  struct dwarfsig_sections *v)
{
	size_t n = eh->e_shnum;
	if (!eh->e_shoff || !n || eh->e_shentsize != sizeof(ElfW(Shdr)) ||
	    eh->e_shstrndx >= n || eh->e_shoff > fsize || n * sizeof(ElfW(Shdr)) > fsize - eh->e_shoff)
		return;
	/* One read for both, as a rule: linkers put the section names just before the
	 * headers, so the read starts up to SECTIONS_BEFORE bytes earlier. */
	size_t shsz = n * sizeof(ElfW(Shdr));
	uint64_t before = eh->e_shoff < SECTIONS_BEFORE ? eh->e_shoff : SECTIONS_BEFORE;
	uint64_t wlo = eh->e_shoff - before;
	char *win = rtld_alloc(before + shsz);
	ElfW(Shdr) *sh = rtld_alloc(shsz);
	if (!win || !sh || rtld_read_at(fd, win, before + shsz, wlo) < 0) {
		rtld_free(win);
		rtld_free(sh);
		return;
	}
	memcpy(sh, win + before, shsz);
	const ElfW(Shdr) *ns = &sh[eh->e_shstrndx];
	char *names = NULL;
	if (ns->sh_type != SHT_NOBITS && ns->sh_size && ns->sh_size <= ((size_t)1 << 20) &&
	    ns->sh_offset <= fsize && ns->sh_size <= fsize - ns->sh_offset &&
	    (names = rtld_alloc(ns->sh_size))) {
		if (ns->sh_offset >= wlo && ns->sh_offset - wlo <= before + shsz &&
		    ns->sh_size <= before + shsz - (ns->sh_offset - wlo))
			memcpy(names, win + (ns->sh_offset - wlo), ns->sh_size);
		else if (rtld_read_at(fd, names, ns->sh_size, ns->sh_offset) < 0) {
			rtld_free(names);
			names = NULL;
		}
	}
	rtld_free(win);
	v->sh = sh;
	v->n = n;
	v->names = names;
	v->namesz = names ? ns->sh_size : 0;
}

/* Reserve len bytes at an address aligned to align (a power of two; page alignment when it
 * is not larger than a page): reserve len + align - page, then give back the ends.  When that
 * much address space is not to be had, the reservation is only page-aligned. */
static void *map_aligned(size_t len, size_t align, int prot, int flags)
{
	if (align <= rtld_pagesize || align > ((size_t)1 << 30))
		return iso_window_map(len, prot, flags, -1, 0);
	size_t big = len + align - rtld_pagesize;
	void *m = iso_window_map(big, prot, flags, -1, 0);
	if (m == MAP_FAILED)
		return iso_window_map(len, prot, flags, -1, 0);
	uintptr_t start = ALIGN_UP((uintptr_t)m, align), end = (uintptr_t)m + big;
	if (start > (uintptr_t)m)
		munmap(m, start - (uintptr_t)m);
	if (end > start + len)
		munmap((void *)(start + len), end - (start + len));
	return (void *)start;
}

/* The executable segments whose pages hold nothing but instructions (obj.code_only): no
 * allocated section other than an executable one overlaps their pages, and they do not map
 * the file's first page (the ELF and program headers).  What linkers make with -z
 * separate-code, the default on x86-64; without section headers, none. */
static uint64_t code_only_segments(const ElfW(Phdr) *phdr, size_t phnum,
				   const struct dwarfsig_sections *secs)
{
	uint64_t mask = 0;
	for (size_t i = 0; i < phnum && i < 64 && secs->n; i++) {
		const ElfW(Phdr) *ph = &phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X) ||
		    ALIGN_DOWN(ph->p_offset, rtld_pagesize) == 0)
			continue;
		uint64_t lo = ALIGN_DOWN(ph->p_vaddr, rtld_pagesize);
		uint64_t hi = ALIGN_UP(ph->p_vaddr + ph->p_memsz, rtld_pagesize);
		int only = 1;
		for (size_t k = 0; k < secs->n && only; k++) {
			const ElfW(Shdr) *sh = &secs->sh[k];
			if ((sh->sh_flags & SHF_ALLOC) && !(sh->sh_flags & SHF_EXECINSTR) &&
			    sh->sh_size && sh->sh_addr < hi && sh->sh_addr + sh->sh_size > lo)
				only = 0;
		}
		if (only)
			mask |= (uint64_t)1 << i;
	}
	return mask;
}

/* Above this much debug information (.debug_info, or the separate debug file), or this many
 * dynamic symbols (each is looked up in the DWARF: node exports 75,000), an object's DWARF
 * signatures are read at the first call into it, not at start-up. */
#define DWARF_LATER_BYTES ((uint64_t)16 << 20)
#define DWARF_LATER_SYMS 16384

static uint64_t debug_bytes(const struct dwarfsig_sections *secs, enum dwarfsig_debug_source src,
			    const char *dbg)
{
	if (src != DWARFSIG_DEBUG_EMBEDDED) {
		struct stat st;
		return stat(dbg, &st) == 0 ? (uint64_t)st.st_size : 0;
	}
	for (size_t i = 0; i < secs->n; i++) {
		const char *n = dwarfsig_section_name(secs, &secs->sh[i]);
		if (n && !strcmp(n, ".debug_info"))
			return secs->sh[i].sh_size;
	}
	return 0;
}

static struct dwarfsig *sig_read(int fd, enum dwarfsig_debug_source src, const char *dbg)
{
	if (!elf_ready) {
		elf_version(EV_CURRENT);
		elf_ready = 1;
	}
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	struct dwarfsig *t = dwarfsig_load_found(elf, src, dbg);
	if (elf)
		elf_end(elf);
	return t;
}

void dwarfsig_later(struct obj *o)
{
	if (!o->sig_later)
		return;
	char *f = o->sig_later;
	o->sig_later = NULL;
	/* (the object's own file, for DWARF in it; the separate file is opened by path) */
	int fd = open(o->path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		o->sig = sig_read(fd, (enum dwarfsig_debug_source)o->sig_later_src, f);
		close(fd);
	}
	DEBUG(DBG_COMPARTMENTS, "%s: DWARF signatures read at its first call: %zu functions",
	      o->path, o->sig ? dwarfsig_count(o->sig) : (size_t)0);
	rtld_free(f);
}

struct obj *obj_map(const char *path, int fd, int is_main, const struct file_facts *known)
{
	struct stat st;
	struct dwarfsig_sections secs = { 0 };
	struct obj *o = NULL;
	void *reserve = MAP_FAILED;
	size_t span = 0;

	if (known && known->have_st) {
		st = known->st;
	} else if (fstat(fd, &st) < 0) {
		rtld_error("%s: cannot stat file: %s", path, strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		rtld_error("%s: cannot read file data: Is a directory", path);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		rtld_error("%s: not a regular file", path);
		return NULL;
	}
	if ((size_t)st.st_size < sizeof(ElfW(Ehdr))) {
		rtld_error("%s: file too short", path);
		return NULL;
	}
	/* The ELF header, program headers and section headers are read with pread: mapping
	 * the segments needs nothing else, and libelf is opened only for an object whose DWARF
	 * is found (dwarfsig_find_debug_fd).  The file's first FILE_HEAD_BYTES come in one read
	 * (or from the search, which read them already): the ELF header and, as a rule, the
	 * program headers after it. */
	unsigned char buf[FILE_HEAD_BYTES];
	const unsigned char *head = buf;
	size_t hlen = (uint64_t)st.st_size < sizeof buf ? (size_t)st.st_size : sizeof buf;
	if (known && known->head_len >= hlen) /* (the search read them: the same bytes) */
		head = known->head;
	else if (rtld_read_at(fd, buf, hlen, 0) < 0)
		hlen = 0;
	ElfW(Ehdr) ehs, *eh = &ehs;
	if (hlen < sizeof *eh || (memcpy(eh, head, sizeof *eh),
				  memcmp(eh->e_ident, ELFMAG, SELFMAG))) {
		rtld_error("%s: invalid ELF header", path);
		return NULL;
	}
	const unsigned char *ident = eh->e_ident;
	if (ident[EI_CLASS] != ELFCLASS64) {
		rtld_error("%s: wrong ELF class: ELFCLASS32", path);
		return NULL;
	}
	if (ident[EI_DATA] != ELFDATA2LSB) {
		rtld_error("%s: ELF file data encoding not little-endian", path);
		return NULL;
	}
	if (ident[EI_VERSION] != EV_CURRENT) {
		rtld_error("%s: ELF file version ident does not match current one", path);
		return NULL;
	}
	if (ident[EI_OSABI] != ELFOSABI_SYSV && ident[EI_OSABI] != ELFOSABI_GNU) {
		rtld_error("%s: ELF file OS ABI invalid", path);
		return NULL;
	}
	if (eh->e_machine != EM_ARCH) {
		rtld_error("%s: ELF file has wrong machine type %u", path, eh->e_machine);
		return NULL;
	}
	if (eh->e_type != ET_DYN && eh->e_type != ET_EXEC) {
		rtld_error("%s: only ET_DYN and ET_EXEC can be loaded", path);
		return NULL;
	}
	if (eh->e_type == ET_EXEC && !is_main) {
		rtld_error("%s: cannot dynamically load executable", path);
		return NULL;
	}
	if (eh->e_phentsize != sizeof(ElfW(Phdr))) {
		rtld_error("%s: ELF file's phentsize not the expected size", path);
		return NULL;
	}
	size_t phnum = eh->e_phnum;
	if (phnum == 0 || phnum == PN_XNUM || phnum > 4096 || eh->e_phoff > (uint64_t)st.st_size ||
	    phnum * sizeof(ElfW(Phdr)) > (uint64_t)st.st_size - eh->e_phoff) {
		rtld_error("%s: cannot read program headers: bad e_phoff/e_phnum", path);
		return NULL;
	}

	o = NULL;
	for (struct obj **r = &obj_retired; *r; r = &(*r)->next)
		if ((*r)->dev == st.st_dev && (*r)->ino == st.st_ino) {
			o = *r;
			*r = o->next;
			rtld_free(o->path);
			rtld_free(o->name);
			rtld_free(o->dbg_path);
			rtld_free(o->sig_later);
			struct link_map *dbg = o->dbg; /* (its debugger node serves again) */
			memset(o, 0, sizeof *o);
			o->dbg = dbg;
			break;
		}
	if (!o)
		o = rtld_alloc(sizeof *o);
	ElfW(Phdr) *phdr = rtld_alloc(phnum * sizeof *phdr);
	o->phdr = phdr;
	o->phnum = phnum;
	o->type = eh->e_type;
	o->path = rtld_strdup(path);
	o->origin = origin_of(path, is_main);
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	if (eh->e_phoff <= hlen && phnum * sizeof *phdr <= hlen - eh->e_phoff)
		memcpy(phdr, head + eh->e_phoff, phnum * sizeof *phdr);
	else if (rtld_read_at(fd, phdr, phnum * sizeof *phdr, eh->e_phoff) < 0) {
		rtld_error("%s: cannot read program headers: %s", path,
			   errno ? strerror(errno) : "file too short");
		goto fail;
	}

	/* A PT_DYNAMIC without file contents: a separate debug-info file (objcopy
	 * --only-keep-debug), whose segments are all NOBITS.  glibc's message. */
	for (size_t i = 0; i < phnum; i++)
		if (phdr[i].p_type == PT_DYNAMIC && phdr[i].p_filesz == 0) {
			rtld_error("%s: object file has no dynamic section", path);
			goto fail;
		}

	/* validate segments */
	uintptr_t lo = UINTPTR_MAX, hi = 0, prev_start = 0, prev_end = 0, max_align = 0;
	const ElfW(Phdr) *dyn_ph = NULL, *tls_ph = NULL;
	int nload = 0, prev_prot = 0;
	for (size_t i = 0; i < phnum; i++) {
		const ElfW(Phdr) *ph = &phdr[i];
		switch (ph->p_type) {
		case PT_LOAD:
			if (ph->p_filesz > ph->p_memsz) {
				rtld_error("%s: PT_LOAD segment %zu has p_filesz > p_memsz", path, i);
				goto fail;
			}
			if (ph->p_offset > (uint64_t)st.st_size ||
			    ph->p_filesz > (uint64_t)st.st_size - ph->p_offset) {
				rtld_error("%s: PT_LOAD segment %zu lies outside the file "
					   "(file too short)", path, i);
				goto fail;
			}
			if ((ph->p_vaddr - ph->p_offset) % rtld_pagesize) {
				rtld_error("%s: ELF load command address/offset not page-aligned",
					   path);
				goto fail;
			}
			if (ph->p_memsz > ((uintptr_t)1 << 46) || ph->p_vaddr > ((uintptr_t)1 << 46)) {
				rtld_error("%s: PT_LOAD segment %zu is impossibly large", path, i);
				goto fail;
			}
			if (nload && ph->p_vaddr < prev_start) {
				rtld_error("%s: PT_LOAD segment %zu is not in ascending address order",
					   path, i);
				goto fail;
			}
			if (ph->p_vaddr < prev_end) {
				rtld_error("%s: PT_LOAD segment %zu overlaps the one before it", path, i);
				goto fail;
			}
			/* (mapped after it, it would take the shared page's protection) */
			if (nload && seg_prot(ph->p_flags) != prev_prot &&
			    ALIGN_DOWN(ph->p_vaddr, rtld_pagesize) < ALIGN_UP(prev_end, rtld_pagesize)) {
				rtld_error("%s: PT_LOAD segment %zu shares a page with the one before it "
					   "but not its protection", path, i);
				goto fail;
			}
			prev_prot = seg_prot(ph->p_flags);
			prev_start = ph->p_vaddr;
			prev_end = ph->p_vaddr + ph->p_memsz;
			if (ph->p_align > max_align && !(ph->p_align & (ph->p_align - 1)))
				max_align = ph->p_align;
			if (ALIGN_DOWN(ph->p_vaddr, rtld_pagesize) < lo)
				lo = ALIGN_DOWN(ph->p_vaddr, rtld_pagesize);
			if (ALIGN_UP(ph->p_vaddr + ph->p_memsz, rtld_pagesize) > hi)
				hi = ALIGN_UP(ph->p_vaddr + ph->p_memsz, rtld_pagesize);
			nload++;
			break;
		case PT_DYNAMIC:
			dyn_ph = ph;
			break;
		case PT_TLS:
			tls_ph = ph;
			break;
		case PT_GNU_RELRO:
			o->relro_start = ph->p_vaddr;
			o->relro_size = ph->p_memsz;
			break;
		case PT_GNU_EH_FRAME:
			o->eh_frame_hdr = ph->p_vaddr;
			break;
		default:
			break;
		}
	}
	if (!nload) {
		rtld_error("%s: object has no loadable segments", path);
		goto fail;
	}
	/* (mapped there, which root may do, a table at address 0 would be a null pointer) */
	if (o->type == ET_EXEC && lo == 0) {
		rtld_error("%s: ELF load command at address 0: cannot map page zero", path);
		goto fail;
	}
	if (!dyn_ph && !is_main) {
		rtld_error("%s: object has no dynamic section", path);
		goto fail;
	}
	if (dyn_ph && (!in_readable(o, dyn_ph->p_vaddr, dyn_ph->p_memsz, sizeof(ElfW(Addr))) ||
		       dyn_ph->p_memsz < sizeof(ElfW(Dyn)))) {
		rtld_error("%s: PT_DYNAMIC segment outside the readable loadable segments, or "
			   "misaligned", path);
		goto fail;
	}
	if (tls_ph && (tls_ph->p_filesz > tls_ph->p_memsz ||
		       (tls_ph->p_filesz && !in_readable(o, tls_ph->p_vaddr, tls_ph->p_filesz, 1)) ||
		       (tls_ph->p_align & (tls_ph->p_align - 1)))) {
		rtld_error("%s: bad PT_TLS segment", path);
		goto fail;
	}
	if (o->relro_size && !in_load_span(o, o->relro_start, o->relro_size)) {
		rtld_error("%s: PT_GNU_RELRO segment outside the loadable segments", path);
		goto fail;
	}
	if (o->eh_frame_hdr && !in_readable(o, o->eh_frame_hdr, 1, 1))
		o->eh_frame_hdr = 0;

	/* Reserve the whole span, then map segments over it.  Behind the segments, pages for the
	 * sealed trampoline entries of this object's functions, sized from .dynsym, so that an
	 * entry lies inside the object it stands for (dladdr, _dl_find_object, dlclose). */
	size_t stub_npages = 0;
	read_sections(fd, eh, (uint64_t)st.st_size, &secs);
	for (size_t i = 0; i < secs.n; i++)
		if (secs.sh[i].sh_type == SHT_DYNSYM && secs.sh[i].sh_entsize == sizeof(ElfW(Sym))) {
			o->dynsym_addr = secs.sh[i].sh_addr;
			o->dynsym_n = secs.sh[i].sh_size / sizeof(ElfW(Sym));
		}
	o->code_only = code_only_segments(phdr, phnum, &secs);
	if (tramp_enabled) {
		size_t nsym = o->dynsym_n;
		if (nsym > ((size_t)1 << 24))
			nsym = (size_t)1 << 24;
		size_t per_page = STUBS_PER_PAGE(rtld_pagesize);
		stub_npages = (nsym + 64 + per_page - 1) / per_page;
	}
	span = hi - lo + stub_npages * rtld_pagesize;
	/* With entry pages, the reservation is writable: the pages behind the segments are
	 * then written and sealed with one mprotect each (tramp.c), and the holes between
	 * segments, if any, are closed below. */
	int res_prot = stub_npages ? PROT_READ | PROT_WRITE : PROT_NONE;
	int res_flags = MAP_PRIVATE | MAP_ANONYMOUS | (stub_npages ? MAP_NORESERVE : 0);
	if (o->type == ET_EXEC) {
		reserve = mmap((void *)lo, span, res_prot, res_flags | MAP_FIXED_NOREPLACE, -1, 0);
		if (reserve != MAP_FAILED && (uintptr_t)reserve != lo) {
			munmap(reserve, span);
			reserve = MAP_FAILED;
			errno = EEXIST;
		}
	} else { /* (with isolation, in the window compartment code lives in: seccomp.c) */
		reserve = map_aligned(span, max_align, res_prot, res_flags);
	}
	if (reserve == MAP_FAILED) {
		rtld_error("%s: failed to map segment from shared object: %s", path,
			   strerror(errno));
		goto fail;
	}
	o->map_start = (uintptr_t)reserve;
	o->map_end = o->map_start + span;
	o->lm.l_addr = (uintptr_t)reserve - lo;
	o->stub_area = o->map_start + (hi - lo);
	o->stub_npages = stub_npages;
	uintptr_t base = o->lm.l_addr;

	for (size_t i = 0; i < phnum; i++) {
		const ElfW(Phdr) *ph = &phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		int prot = seg_prot(ph->p_flags);
		uintptr_t start = ALIGN_DOWN(base + ph->p_vaddr, rtld_pagesize);
		uintptr_t file_end = base + ph->p_vaddr + ph->p_filesz;
		uintptr_t mem_end = base + ph->p_vaddr + ph->p_memsz;
		uintptr_t map_end = ALIGN_UP(file_end, rtld_pagesize);
		/* mapped with its final protection, unless the tail of its last file page must be
		 * zeroed for a .bss in a read-only segment (then sealed below) */
		int zero_tail = mem_end > file_end && map_end > file_end && ph->p_filesz;
		int map_prot = zero_tail ? prot | PROT_WRITE : prot;
		if (ph->p_filesz) {
			void *m = mmap((void *)start, map_end - start, map_prot,
				       MAP_PRIVATE | MAP_FIXED, fd,
				       ALIGN_DOWN(ph->p_offset, rtld_pagesize));
			if (m == MAP_FAILED) {
				rtld_error("%s: failed to map segment from shared object: %s",
					   path, strerror(errno));
				goto fail;
			}
		} else {
			map_end = start;
		}
		if (mem_end > file_end) {
			/* .bss: zero the tail of the last file page, then anonymous pages */
			if (map_end > file_end && ph->p_filesz)
				memset((void *)file_end, 0, map_end - file_end);
			uintptr_t anon_end = ALIGN_UP(mem_end, rtld_pagesize);
			if (anon_end > map_end &&
			    mmap((void *)map_end, anon_end - map_end, prot,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
				rtld_error("%s: cannot map zero-fill pages: %s", path,
					   strerror(errno));
				goto fail;
			}
		}
		if (map_end > start && map_prot != prot)
			mprotect((void *)start, map_end - start, prot);
	}

	if (stub_npages) { /* close what the segments left of the writable reservation */
		uintptr_t cur = o->map_start;
		for (size_t i = 0; i <= phnum; i++) {
			uintptr_t s = o->stub_area, e = o->stub_area;
			if (i < phnum) {
				const ElfW(Phdr) *ph = &phdr[i];
				if (ph->p_type != PT_LOAD)
					continue;
				s = ALIGN_DOWN(base + ph->p_vaddr, rtld_pagesize);
				e = ALIGN_UP(base + ph->p_vaddr +
						     (ph->p_memsz > ph->p_filesz ? ph->p_memsz
										 : ph->p_filesz),
					     rtld_pagesize);
			}
			if (s > cur)
				mprotect((void *)cur, s - cur, PROT_NONE);
			if (e > cur)
				cur = e;
		}
	}

	o->entry = eh->e_entry ? base + eh->e_entry : 0;
	if (dyn_ph)
		o->dynamic = (ElfW(Dyn) *)(base + dyn_ph->p_vaddr);
	if (tls_ph && tls_ph->p_memsz) {
		o->tls_image = (const void *)(base + tls_ph->p_vaddr);
		o->tls_filesz = tls_ph->p_filesz;
		o->tls_memsz = tls_ph->p_memsz;
		o->tls_align = tls_ph->p_align ? tls_ph->p_align : 1;
	}

	/* program headers in memory (last: dyn_ph and tls_ph point into our copy) */
	const ElfW(Phdr) *mem_phdr = NULL;
	for (size_t i = 0; i < phnum; i++)
		if (phdr[i].p_type == PT_PHDR &&
		    in_readable(o, phdr[i].p_vaddr, phnum * sizeof *phdr, sizeof(ElfW(Addr))))
			mem_phdr = (const ElfW(Phdr) *)(base + phdr[i].p_vaddr);
	if (!mem_phdr) {
		for (size_t i = 0; i < phnum; i++) {
			const ElfW(Phdr) *ph = &phdr[i];
			if (ph->p_type == PT_LOAD && (ph->p_flags & PF_R) &&
			    eh->e_phoff >= ph->p_offset &&
			    eh->e_phoff + phnum * sizeof *phdr <= ph->p_offset + ph->p_filesz &&
			    (ph->p_vaddr + (eh->e_phoff - ph->p_offset)) % sizeof(ElfW(Addr)) == 0) {
				mem_phdr = (const ElfW(Phdr) *)(base + ph->p_vaddr +
								(eh->e_phoff - ph->p_offset));
				break;
			}
		}
	}
	if (mem_phdr && !memcmp(mem_phdr, phdr, phnum * sizeof *phdr)) {
		o->phdr = mem_phdr;
		rtld_free(phdr);
	} /* else: not loaded (or differs): keep our copy */
	o->lm.l_name = o->path;
	o->lm.l_ld = o->dynamic;
	if (tramp_enabled) { /* stack-argument sizes for the entries into it */
		for (size_t i = 0; i < phnum; i++) /* (its notes: read where they are mapped) */
			if (o->phdr[i].p_type == PT_LOAD && o->phdr[i].p_offset == 0 &&
			    in_readable(o, o->phdr[i].p_vaddr, o->phdr[i].p_filesz, 1)) {
				secs.image = (const unsigned char *)(base + o->phdr[i].p_vaddr);
				secs.image_len = o->phdr[i].p_filesz;
				break;
			}
		char dbg[PATH_MAX];
		enum dwarfsig_debug_source src = dwarfsig_find_debug_fd(fd, (uint64_t)st.st_size,
									 &secs, o->path, dbg,
									 sizeof dbg);
		if (src != DWARFSIG_DEBUG_NONE && (o->dynsym_n > DWARF_LATER_SYMS ||
						   debug_bytes(&secs, src, dbg) > DWARF_LATER_BYTES)) {
			/* read at the first call into it (dwarfsig_later): reading grows with the
			 * debug information, not with the calls the program makes */
			o->sig_later = rtld_strdup(src == DWARFSIG_DEBUG_EMBEDDED ? o->path : dbg);
			o->sig_later_src = (int)src;
			DEBUG(DBG_FILES, "%s: DWARF signatures read at the first call into it",
			      o->path);
		} else if (src != DWARFSIG_DEBUG_NONE) {
			/* sections (DWARF) read in place, not copied */
			o->sig = sig_read(fd, src, dbg);
		}
	}
	rtld_free((void *)secs.sh);
	rtld_free((void *)secs.names);
	return o;

fail:
	if (reserve != MAP_FAILED)
		munmap(reserve, span);
	rtld_free((void *)secs.sh);
	rtld_free((void *)secs.names);
	/* o goes where unloaded objects' structs go, to serve the next load of this file
	 * (its program headers are our copy here: the swap above comes after every failure) */
	rtld_free((void *)o->phdr);
	o->phdr = NULL;
	o->phnum = 0;
	rtld_free(o->origin);
	o->origin = NULL;
	o->next = obj_retired;
	obj_retired = o;
	return NULL;
}

void obj_unmap(struct obj *o)
{
	if (o->map_end > o->map_start)
		munmap((void *)o->map_start, o->map_end - o->map_start);
	o->map_start = o->map_end = 0;
}

/* dlclose, after obj_unmap: what the loader allocated for o goes, but the struct itself and
 * its path and name (a stale handle is compared, never followed; reports and statistics
 * written at exit may still name it).  The struct serves the same file when it is loaded
 * again (obj_map), so that dlopen/dlclose cycles do not grow the loader's memory. */
void obj_release(struct obj *o)
{
	if (o->flags & OBJ_HOST)
		return; /* (its program headers are the system loader's) */
	o->prev = NULL;
	o->next = obj_retired;
	obj_retired = o;
	rtld_free(o->versions);
	o->versions = NULL;
	o->nversions = 0;
	rtld_free(o->needed);
	o->needed = NULL;
	o->nneeded = 0;
	for (size_t i = 0; i < o->naliases; i++)
		rtld_free(o->aliases[i]);
	rtld_free(o->aliases);
	o->aliases = NULL;
	o->naliases = 0;
	rtld_free(o->scope);
	o->scope = NULL;
	o->nscope = 0;
	o->phdr = NULL; /* (inside the mapping, or freed by obj_map) */
	o->phnum = 0;
	rtld_free(o->origin);
	o->origin = NULL;
}

/* Translate a d_ptr value into an address, validating it for our objects. */
static const void *dyn_ptr(struct obj *o, ElfW(Addr) v, size_t size, size_t align,
			   const char *what)
{
	if (o->flags & OBJ_HOST) {
		if (v >= o->map_start && v < o->map_end)
			return (const void *)v;
		return (const void *)(o->lm.l_addr + v);
	}
	if (v % align) {
		rtld_error("%s: bad dynamic section: %s is not %zu-byte aligned", o->path, what,
			   align);
		return NULL;
	}
	if (!in_readable(o, v, size, 1)) {
		rtld_error("%s: bad dynamic section: %s points outside the readable loadable "
			   "segments", o->path, what);
		return NULL;
	}
	return (const void *)(o->lm.l_addr + v);
}

/* A version record of size bytes at p (our objects: inside a readable segment, 4-byte
 * aligned), or NULL. */
static const void *ver_rec(const struct obj *o, uintptr_t p, size_t size)
{
	if (o->flags & OBJ_HOST)
		return (const void *)p;
	return in_readable(o, (ElfW(Addr))(p - o->lm.l_addr), size, 4) ? (const void *)p : NULL;
}

/* More version records than an object can number (indices are 15 bits): the chains' offsets
 * make a walk that would not end soon (each vn_cnt chain may cover the whole table again). */
#define MAX_VERSION_RECORDS 65536

/* The version table (o->versions by index), from DT_VERDEF and DT_VERNEED.  Two walks of the
 * same records: the largest index, then the names.  Every record is checked where it lies. */
static int setup_versions(struct obj *o)
{
	size_t max = 1, nrec = 0;
	const char *err = NULL;
	for (int pass = 0; pass < 2; pass++) {
		if (pass) {
			o->nversions = max + 1;
			o->versions = rtld_alloc(o->nversions * sizeof *o->versions);
		}
		uintptr_t p = (uintptr_t)o->verdef;
		for (size_t i = 0; p && i < o->verdefnum; i++) {
			const ElfW(Verdef) *vd = ver_rec(o, p, sizeof *vd);
			if (!vd || ++nrec > MAX_VERSION_RECORDS) {
				err = "DT_VERDEF entry outside the object";
				goto bad;
			}
			unsigned ndx = vd->vd_ndx & 0x7fff;
			if (!pass && ndx > max)
				max = ndx;
			if (pass && vd->vd_cnt && !(vd->vd_flags & VER_FLG_BASE)) {
				const ElfW(Verdaux) *vda = ver_rec(o, p + vd->vd_aux, sizeof *vda);
				if (!vda) {
					err = "DT_VERDEF auxiliary entry outside the object";
					goto bad;
				}
				const char *name = obj_str(o, vda->vda_name);
				if (!name) {
					err = "bad string offset in version definition name";
					goto bad;
				}
				o->versions[ndx].name = name;
				o->versions[ndx].hash = vd->vd_hash;
			}
			if (!vd->vd_next)
				break;
			p += vd->vd_next;
		}
		p = (uintptr_t)o->verneed;
		for (size_t i = 0; p && i < o->verneednum; i++) {
			const ElfW(Verneed) *vn = ver_rec(o, p, sizeof *vn);
			if (!vn || ++nrec > MAX_VERSION_RECORDS) {
				err = "DT_VERNEED entry outside the object";
				goto bad;
			}
			const char *file = pass ? obj_str(o, vn->vn_file) : "";
			if (!file) {
				err = "bad string offset in version dependency file";
				goto bad;
			}
			uintptr_t q = p + vn->vn_aux;
			for (size_t j = 0; j < vn->vn_cnt; j++) {
				const ElfW(Vernaux) *va = ver_rec(o, q, sizeof *va);
				if (!va || ++nrec > MAX_VERSION_RECORDS) {
					err = "DT_VERNEED auxiliary entry outside the object";
					goto bad;
				}
				unsigned ndx = va->vna_other & 0x7fff;
				if (!pass && ndx > max)
					max = ndx;
				if (pass) {
					const char *name = obj_str(o, va->vna_name);
					if (!name) {
						err = "bad string offset in version dependency name";
						goto bad;
					}
					struct verinfo *v = &o->versions[ndx];
					v->name = name;
					v->hash = va->vna_hash;
					v->hidden = (va->vna_flags & VER_FLG_WEAK) != 0;
					v->file = file;
				}
				if (!va->vna_next)
					break;
				q += va->vna_next;
			}
			if (!vn->vn_next)
				break;
			p += vn->vn_next;
		}
	}
	return 0;
bad:
	return rtld_error("%s: bad dynamic section: %s", o->path, err);
}

/* The symbols from DT_SYMTAB to the end of the PT_LOAD memory image holding it. */
static size_t symtab_in_segment(const struct obj *o, ElfW(Addr) symtab)
{
	return load_rest(o, symtab, 0) / sizeof(ElfW(Sym));
}

/* The bound on symbol indices a relocation of o may name (o->symtab_n; see the top). */
static size_t symtab_bound(const struct obj *o, ElfW(Addr) symtab, ElfW(Addr) strtab)
{
	size_t seg = symtab_in_segment(o, symtab), n;
	if (o->dynsym_n && o->dynsym_addr == symtab)
		n = o->dynsym_n;
	else if (strtab > symtab)
		n = (strtab - symtab) / sizeof(ElfW(Sym));
	else
		n = seg;
	if (n > seg)
		n = seg;
	return n > o->nsyms ? n : o->nsyms;
}

int obj_parse_dynamic(struct obj *o)
{
	ElfW(Dyn) *d = o->dynamic;
	if (!d)
		return 0;
	size_t maxdyn = (size_t)-1;
	if (!(o->flags & OBJ_HOST)) {
		for (size_t i = 0; i < o->phnum; i++)
			if (o->phdr[i].p_type == PT_DYNAMIC)
				maxdyn = o->phdr[i].p_memsz / sizeof(ElfW(Dyn));
	}
	ElfW(Addr) strtab = 0, symtab = 0, gnu_hash = 0, hash = 0, versym = 0, verdef = 0,
		   verneed = 0, rela = 0, rel = 0, jmprel = 0, relr = 0, init_array = 0,
		   fini_array = 0, preinit_array = 0, pltgot = 0;
	size_t nneeded = 0, soname = (size_t)-1, rpath = (size_t)-1, runpath = (size_t)-1;
	int have_strtab = 0;
	size_t i;
	for (i = 0; i < maxdyn && d[i].d_tag != DT_NULL; i++) {
		ElfW(Addr) v = d[i].d_un.d_ptr;
		switch (d[i].d_tag) {
		case DT_NEEDED:
		case DT_FILTER:
		case DT_AUXILIARY: nneeded++; break;
		case DT_STRTAB: strtab = v; have_strtab = 1; break;
		case DT_STRSZ: o->strsz = v; break;
		case DT_SYMTAB: symtab = v; break;
		case DT_GNU_HASH: gnu_hash = v; break;
		case DT_HASH: hash = v; break;
		case DT_VERSYM: versym = v; break;
		case DT_VERDEF: verdef = v; break;
		case DT_VERDEFNUM: o->verdefnum = v; break;
		case DT_VERNEED: verneed = v; break;
		case DT_VERNEEDNUM: o->verneednum = v; break;
		case DT_RELA: rela = v; break;
		case DT_RELASZ: o->relasz = v; break;
		case DT_REL: rel = v; break;
		case DT_RELSZ: o->relsz = v; break;
		case DT_JMPREL: jmprel = v; break;
		case DT_PLTGOT: pltgot = v; break;
		case DT_PLTRELSZ: o->pltrelsz = v; break;
		case DT_PLTREL: o->pltrel = v; break;
		case DT_RELR: relr = v; break;
		case DT_RELRSZ: o->relrsz = v; break;
		case DT_INIT: o->init = v; break;
		case DT_FINI: o->fini = v; break;
		case DT_INIT_ARRAY: init_array = v; break;
		case DT_INIT_ARRAYSZ: o->init_arraysz = v; break;
		case DT_FINI_ARRAY: fini_array = v; break;
		case DT_FINI_ARRAYSZ: o->fini_arraysz = v; break;
		case DT_PREINIT_ARRAY: preinit_array = v; break;
		case DT_PREINIT_ARRAYSZ: o->preinit_arraysz = v; break;
		case DT_SONAME: soname = v; break;
		case DT_RPATH: rpath = v; break;
		case DT_RUNPATH: runpath = v; break;
		case DT_SYMBOLIC: o->flags |= OBJ_SYMBOLIC; break;
		case DT_TEXTREL: o->flags |= OBJ_TEXTREL; break;
		case DT_BIND_NOW: o->flags |= OBJ_BIND_NOW; break;
		case DT_FLAGS:
			if (v & DF_SYMBOLIC) o->flags |= OBJ_SYMBOLIC;
			if (v & DF_TEXTREL) o->flags |= OBJ_TEXTREL;
			if (v & DF_BIND_NOW) o->flags |= OBJ_BIND_NOW;
			break;
		case DT_FLAGS_1:
			if (v & DF_1_NOW) o->flags |= OBJ_BIND_NOW;
			if (v & DF_1_NODELETE) o->flags |= OBJ_NODELETE;
			if (v & DF_1_NOOPEN) o->flags |= OBJ_NOOPEN;
			break;
		default: break;
		}
	}
	if (i == maxdyn) {
		return rtld_error("%s: bad dynamic section: no DT_NULL terminator", o->path);
	}
	if (!have_strtab || !symtab) {
		if (nneeded || soname != (size_t)-1 || o->relasz || o->pltrelsz)
			return rtld_error("%s: bad dynamic section: missing DT_STRTAB or DT_SYMTAB",
					  o->path);
	}
	if (have_strtab) {
		if (!(o->strtab = dyn_ptr(o, strtab, o->strsz, 1, "DT_STRTAB/DT_STRSZ")))
			return -1;
	}
	if (symtab &&
	    !(o->symtab = dyn_ptr(o, symtab, sizeof(ElfW(Sym)), sizeof(ElfW(Addr)), "DT_SYMTAB")))
		return -1;
#define PTR(field, val, size, align, what)                                            \
	do {                                                                          \
		if (val && !(o->field = dyn_ptr(o, val, size, align, what)))          \
			return -1;                                                    \
	} while (0)
	if (pltgot && !(o->flags & OBJ_HOST)) {
		if (!obj_in_load(o, pltgot, 3 * sizeof(ElfW(Addr))))
			return rtld_error("%s: bad dynamic section: DT_PLTGOT points outside the "
					  "loadable segments", o->path);
		o->pltgot = (ElfW(Addr) *)(o->lm.l_addr + pltgot);
	}
	PTR(rela, rela, o->relasz, 8, "DT_RELA");
	PTR(rel, rel, o->relsz, 8, "DT_REL");
	PTR(jmprel, jmprel, o->pltrelsz, 8, "DT_JMPREL");
	PTR(relr, relr, o->relrsz, 8, "DT_RELR");
	PTR(init_array, init_array, o->init_arraysz, 8, "DT_INIT_ARRAY");
	PTR(fini_array, fini_array, o->fini_arraysz, 8, "DT_FINI_ARRAY");
	PTR(preinit_array, preinit_array, o->preinit_arraysz, 8,
	    "DT_PREINIT_ARRAY");
	PTR(verdef, verdef, sizeof(ElfW(Verdef)), 4, "DT_VERDEF");
	PTR(verneed, verneed, sizeof(ElfW(Verneed)), 4, "DT_VERNEED");
#undef PTR
	if (o->pltrel && o->pltrel != DT_RELA && o->pltrel != DT_REL)
		return rtld_error("%s: bad dynamic section: DT_PLTREL is %d", o->path, o->pltrel);
	if (o->init && !(o->flags & OBJ_HOST) && !obj_in_load(o, o->init, 1))
		return rtld_error("%s: bad dynamic section: DT_INIT outside the object", o->path);
	if (o->fini && !(o->flags & OBJ_HOST) && !obj_in_load(o, o->fini, 1))
		return rtld_error("%s: bad dynamic section: DT_FINI outside the object", o->path);

	/* hash tables and the symbol count */
	if (gnu_hash) {
		const uint32_t *h = dyn_ptr(o, gnu_hash, 16, sizeof(ElfW(Addr)), "DT_GNU_HASH");
		if (!h)
			return -1;
		o->gnu_nbuckets = h[0];
		o->gnu_symoffset = h[1];
		o->gnu_bloom_size = h[2];
		o->gnu_shift = h[3];
		/* (a bloom filter of 0 words, or a shift past a 32-bit hash, cannot be used) */
		if (!o->gnu_nbuckets || !o->gnu_bloom_size ||
		    (o->gnu_bloom_size & (o->gnu_bloom_size - 1)) || o->gnu_shift >= 32 ||
		    (!(o->flags & OBJ_HOST) &&
		     !in_readable(o, gnu_hash, 16 + (size_t)o->gnu_bloom_size * sizeof(ElfW(Addr)) +
						   (size_t)o->gnu_nbuckets * 4, 1)))
			return rtld_error("%s: bad dynamic section: bad DT_GNU_HASH table", o->path);
		o->gnu_bloom = (const ElfW(Addr) *)(h + 4);
		o->gnu_buckets = (const uint32_t *)(o->gnu_bloom + o->gnu_bloom_size);
		const uint32_t *chain = o->gnu_buckets + o->gnu_nbuckets;
		o->gnu_chain = chain;
		uint32_t maxsym = 0;
		for (uint32_t b = 0; b < o->gnu_nbuckets; b++)
			if (o->gnu_buckets[b] > maxsym)
				maxsym = o->gnu_buckets[b];
		if (maxsym >= o->gnu_symoffset) {
			/* The last bucket's chain ends the symbols: walked within the readable
			 * words from the chains on, and within the symbols readable from DT_SYMTAB
			 * (as every one it counts must be, below), so that a damaged table cannot
			 * have it read a whole segment of zeros a word at a time. */
			ElfW(Addr) caddr = gnu_hash + (ElfW(Addr))((const char *)chain - (const char *)h);
			uint64_t words = o->flags & OBJ_HOST ? UINT32_MAX : load_rest(o, caddr, PF_R) / 4;
			uint64_t syms = o->flags & OBJ_HOST || !o->symtab
						? UINT32_MAX
						: load_rest(o, symtab, PF_R) / sizeof(ElfW(Sym));
			for (;;) {
				size_t idx = maxsym - o->gnu_symoffset;
				if (idx >= words)
					return rtld_error("%s: bad dynamic section: DT_GNU_HASH chain "
							  "outside the object", o->path);
				if (maxsym >= syms)
					return rtld_error("%s: bad dynamic section: symbol table "
							  "outside the object", o->path);
				if (maxsym >= MAX_DYNSYMS)
					return rtld_error("%s: bad dynamic section: more than %u "
							  "dynamic symbols", o->path, MAX_DYNSYMS);
				if (chain[idx] & 1)
					break;
				maxsym++;
			}
			o->nsyms = maxsym + 1;
		} else {
			o->nsyms = o->gnu_symoffset;
		}
	}
	if (hash) {
		const uint32_t *h = dyn_ptr(o, hash, 8, 4, "DT_HASH");
		if (!h)
			return -1;
		if (!(o->flags & OBJ_HOST) &&
		    (!h[0] || !in_readable(o, hash, 8 + ((size_t)h[0] + h[1]) * 4, 1)))
			return rtld_error("%s: bad dynamic section: bad DT_HASH table", o->path);
		o->sysv_nbuckets = h[0];
		o->sysv_buckets = h + 2;
		o->sysv_chains = h + 2 + h[0];
		if (!gnu_hash)
			o->nsyms = h[1];
	}
	if (o->symtab && !(o->flags & OBJ_HOST) && o->nsyms &&
	    !in_readable(o, symtab, o->nsyms * sizeof(ElfW(Sym)), 1))
		return rtld_error("%s: bad dynamic section: symbol table outside the object", o->path);
	o->symtab_n = o->nsyms;
	if (o->symtab && !(o->flags & OBJ_HOST))
		o->symtab_n = symtab_bound(o, symtab, have_strtab ? strtab : 0);
	if (versym) {
		if (!(o->versym = dyn_ptr(o, versym, o->nsyms * sizeof(ElfW(Versym)),
					  sizeof(ElfW(Versym)), "DT_VERSYM")))
			return -1;
		/* one entry per symbol: as far as symtab_n, when that lies in the object */
		o->nversym = o->nsyms;
		if (!(o->flags & OBJ_HOST) &&
		    in_readable(o, versym, o->symtab_n * sizeof(ElfW(Versym)), 1))
			o->nversym = o->symtab_n;
	}
	/* strings */
	if (soname != (size_t)-1 && !(o->soname = obj_str(o, soname)))
		return rtld_error("%s: bad dynamic section: DT_SONAME string offset out of range",
				  o->path);
	if (rpath != (size_t)-1 && !(o->rpath = obj_str(o, rpath)))
		return rtld_error("%s: bad dynamic section: DT_RPATH string offset out of range",
				  o->path);
	if (runpath != (size_t)-1 && !(o->runpath = obj_str(o, runpath)))
		return rtld_error("%s: bad dynamic section: DT_RUNPATH string offset out of range",
				  o->path);
	if (nneeded) {
		o->needed = rtld_alloc(nneeded * sizeof *o->needed);
		for (i = 0; d[i].d_tag != DT_NULL; i++) {
			int kind = d[i].d_tag == DT_NEEDED ? NEED_PLAIN
				 : d[i].d_tag == DT_FILTER ? NEED_FILTER
				 : d[i].d_tag == DT_AUXILIARY ? NEED_AUXILIARY : -1;
			if (kind < 0)
				continue;
			const char *n = obj_str(o, d[i].d_un.d_val);
			if (!n)
				return rtld_error("%s: bad dynamic section: %s string offset out of "
						  "range", o->path,
						  kind == NEED_PLAIN ? "DT_NEEDED"
						  : kind == NEED_FILTER ? "DT_FILTER" : "DT_AUXILIARY");
			if (kind != NEED_PLAIN)
				o->flags |= OBJ_FILTER;
			o->needed[o->nneeded].kind = kind;
			o->needed[o->nneeded++].name = n;
		}
	}
	if ((o->verdef || o->verneed) && setup_versions(o) < 0)
		return -1;
	if (!(o->flags & OBJ_HOST)) {
		if (o->relasz % sizeof(ElfW(Rela)) || o->relrsz % sizeof(ElfW(Addr)))
			return rtld_error("%s: bad dynamic section: relocation table size", o->path);
	}
	return 0;
}
