/*
 * inspect-elf.c: what c18n-inspect reads from an object's ELF file with libelf: the dynamic
 * section, the dynamic symbols with their versions, the symbols its dynamic relocations
 * name, and where its debug information lives (embedded, /usr/lib/debug/.build-id/xx/yyy.debug,
 * or .gnu_debuglink beside the file, in .debug/, or under /usr/lib/debug/DIR) -- found by the
 * loader's own rtld/debugfile.c, so the tool reads the DWARF ld-c18n would.
 *
 * Must stay true:
 *  - iobj_lookup() applies rtld/symbols.c's check_match() rules (undefined and canonical-PLT
 *    symbols, binding, the combined VERDEF+VERNEED version table, hidden versions, the
 *    "one non-hidden versioned definition" rule for unversioned references), so the tool
 *    binds each reference to the same definition as the loader.
 *  - Objects are read, never mapped: every table comes from a section, bounds-checked by
 *    libelf; a file without section headers is reported, not guessed at.
 */
#include "inspect.h"

#include "dwarfsig.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t name_hash(const char *s)
{
	uint32_t h = 5381;
	for (const unsigned char *p = (const void *)s; *p; p++)
		h = h * 33 + *p;
	return h;
}

static Elf_Scn *find_section(Elf *e, Elf64_Word type, const char *name, GElf_Shdr *sh)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx) < 0)
		return NULL;
	for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
		if (!gelf_getshdr(s, sh))
			continue;
		if (type && sh->sh_type != type)
			continue;
		if (name) {
			const char *n = elf_strptr(e, shstrndx, sh->sh_name);
			if (!n || strcmp(n, name))
				continue;
		}
		return s;
	}
	return NULL;
}

static void read_versions(struct iobj *o, Elf *e, size_t dynsym_ndx)
{
	GElf_Shdr sh;
	Elf_Scn *vs = find_section(e, SHT_GNU_versym, NULL, &sh);
	if (!vs || sh.sh_link != dynsym_ndx)
		return;
	Elf_Data *d = elf_getdata(vs, NULL);
	if (!d || d->d_size / 2 < o->nsyms)
		return;
	o->versym = xcalloc(o->nsyms, sizeof *o->versym);
	for (size_t i = 0; i < o->nsyms; i++) {
		GElf_Versym v;
		if (gelf_getversym(d, (int)i, &v))
			o->versym[i] = v;
	}
	size_t nvers = 2;
	o->vernames = xcalloc(nvers, sizeof *o->vernames);
	o->nvers = nvers;
#define SET_VER(ndx, nm)                                                                  \
	do {                                                                              \
		size_t n_ = (ndx);                                                        \
		if (n_ >= 0x8000)                                                         \
			break;                                                            \
		if (n_ >= o->nvers) {                                                     \
			o->vernames = xrealloc(o->vernames, (n_ + 1) * sizeof *o->vernames); \
			memset(o->vernames + o->nvers, 0,                                 \
			       (n_ + 1 - o->nvers) * sizeof *o->vernames);                \
			o->nvers = n_ + 1;                                                \
		}                                                                         \
		o->vernames[n_] = (nm);                                                   \
	} while (0)
	Elf_Scn *vd = find_section(e, SHT_GNU_verdef, NULL, &sh);
	if (vd) {
		Elf_Data *dd = elf_getdata(vd, NULL);
		size_t off = 0;
		for (size_t k = 0; dd && k < sh.sh_info && k < 65536; k++) {
			GElf_Verdef def;
			if (!gelf_getverdef(dd, (int)off, &def))
				break;
			GElf_Verdaux aux;
			if (!(def.vd_flags & VER_FLG_BASE) &&
			    gelf_getverdaux(dd, (int)(off + def.vd_aux), &aux))
				SET_VER(def.vd_ndx & 0x7fff, elf_strptr(e, sh.sh_link, aux.vda_name));
			if (!def.vd_next)
				break;
			off += def.vd_next;
		}
	}
	Elf_Scn *vn = find_section(e, SHT_GNU_verneed, NULL, &sh);
	if (vn) {
		Elf_Data *dd = elf_getdata(vn, NULL);
		size_t off = 0;
		for (size_t k = 0; dd && k < sh.sh_info && k < 65536; k++) {
			GElf_Verneed need;
			if (!gelf_getverneed(dd, (int)off, &need))
				break;
			size_t aoff = off + need.vn_aux;
			for (size_t j = 0; j < need.vn_cnt && j < 65536; j++) {
				GElf_Vernaux aux;
				if (!gelf_getvernaux(dd, (int)aoff, &aux))
					break;
				SET_VER(aux.vna_other & 0x7fff, elf_strptr(e, sh.sh_link, aux.vna_name));
				if (!aux.vna_next)
					break;
				aoff += aux.vna_next;
			}
			if (!need.vn_next)
				break;
			off += need.vn_next;
		}
	}
#undef SET_VER
}

static void build_hash(struct iobj *o)
{
	size_t n = 16;
	while (n < o->nsyms)
		n <<= 1;
	o->nhbuckets = n;
	o->hbuckets = xcalloc(n, sizeof *o->hbuckets);
	o->hnext = xcalloc(o->nsyms ? o->nsyms : 1, sizeof *o->hnext);
	for (size_t i = o->nsyms; i-- > 1;) {
		const GElf_Sym *s = &o->syms[i];
		unsigned bind = GELF_ST_BIND(s->st_info);
		if (bind == STB_LOCAL || !o->symnames[i])
			continue;
		if (s->st_shndx == SHN_UNDEF && s->st_value == 0)
			continue;
		uint32_t b = name_hash(o->symnames[i]) & (n - 1);
		o->hnext[i] = o->hbuckets[b];
		o->hbuckets[b] = (uint32_t)i;
	}
}

struct iobj *iobj_open(const char *path, int fd, int is_main, char **err)
{
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		*err = xasprintf("%s: not an ELF file", path);
		goto fail;
	}
	GElf_Ehdr eh;
	if (!gelf_getehdr(e, &eh) || gelf_getclass(e) != ELFCLASS64 || eh.e_machine != EM_ARCH) {
		*err = xasprintf("%s: wrong ELF class or machine for this loader", path);
		goto fail;
	}
	if (eh.e_type != ET_DYN && eh.e_type != ET_EXEC) {
		*err = xasprintf("%s: only ET_DYN and ET_EXEC can be loaded", path);
		goto fail;
	}
	if (eh.e_type == ET_EXEC && !is_main) {
		*err = xasprintf("%s: cannot dynamically load executable", path);
		goto fail;
	}
	size_t shnum = 0;
	if (elf_getshdrnum(e, &shnum) < 0 || shnum == 0) {
		*err = xasprintf("%s: no section headers: c18n-inspect reads symbols and relocations "
				 "from sections",
				 path);
		goto fail;
	}
	GElf_Shdr dsh, ssh;
	Elf_Scn *dyn = find_section(e, SHT_DYNAMIC, NULL, &dsh);
	if (!dyn) {
		*err = is_main ? xasprintf("%s: not a dynamically linked program", path)
			       : xasprintf("%s: no dynamic section", path);
		goto fail;
	}
	if (is_main) {
		size_t phnum = 0;
		int interp = 0;
		if (elf_getphdrnum(e, &phnum) == 0)
			for (size_t i = 0; i < phnum; i++) {
				GElf_Phdr ph;
				if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_INTERP)
					interp = 1;
			}
		if (!interp)
			tool_warn("%s: no program interpreter (a library?): inspected as the root "
				  "object, though ld-c18n would not run it",
				  path);
	}

	struct iobj *o = xcalloc(1, sizeof *o);
	o->fd = fd;
	o->elf = e;
	o->o.path = xstrdup(path);
	o->dwfd = -1;

	/* dynamic section */
	Elf_Data *dd = elf_getdata(dyn, NULL);
	size_t ndyn = dd && dsh.sh_entsize ? dsh.sh_size / dsh.sh_entsize : 0;
	for (size_t i = 0; i < ndyn; i++) {
		GElf_Dyn d;
		if (!gelf_getdyn(dd, (int)i, &d) || d.d_tag == DT_NULL)
			break;
		const char *s = NULL;
		switch (d.d_tag) {
		case DT_NEEDED:
		case DT_SONAME:
		case DT_RPATH:
		case DT_RUNPATH:
			s = elf_strptr(e, dsh.sh_link, d.d_un.d_val);
			if (!s)
				break;
			if (d.d_tag == DT_NEEDED) {
				o->o.needed = xrealloc(o->o.needed,
						       (o->o.nneeded + 1) * sizeof *o->o.needed);
				o->o.needed[o->o.nneeded].name = s;
				o->o.needed[o->o.nneeded++].obj = NULL;
			} else if (d.d_tag == DT_SONAME) {
				o->o.soname = s;
			} else if (d.d_tag == DT_RPATH) {
				o->o.rpath = s;
			} else {
				o->o.runpath = s;
			}
			break;
		case DT_SYMBOLIC: o->symbolic = 1; break;
		case DT_FLAGS:
			if (d.d_un.d_val & DF_SYMBOLIC)
				o->symbolic = 1;
			break;
		case DT_JMPREL: o->jmprel = d.d_un.d_ptr; break;
		default: break;
		}
	}

	/* dynamic symbols */
	Elf_Scn *dsym = find_section(e, SHT_DYNSYM, NULL, &ssh);
	if (dsym) {
		Elf_Data *sd = elf_getdata(dsym, NULL);
		size_t n = sd && ssh.sh_entsize ? ssh.sh_size / ssh.sh_entsize : 0;
		o->syms = xcalloc(n ? n : 1, sizeof *o->syms);
		o->symnames = xcalloc(n ? n : 1, sizeof *o->symnames);
		for (size_t i = 0; i < n; i++) {
			if (!gelf_getsym(sd, (int)i, &o->syms[i]))
				break;
			o->symnames[i] = elf_strptr(e, ssh.sh_link, o->syms[i].st_name);
			o->nsyms = i + 1;
		}
		read_versions(o, e, elf_ndxscn(dsym));
	}
	build_hash(o);
	return o;
fail:
	if (e)
		elf_end(e);
	close(fd);
	return NULL;
}

const char *iobj_symver(struct iobj *o, size_t idx)
{
	if (!o->versym || idx >= o->nsyms)
		return NULL;
	unsigned ndx = o->versym[idx] & 0x7fff;
	return ndx < o->nvers ? o->vernames[ndx] : NULL;
}

size_t iobj_lookup(struct iobj *o, const char *name, const char *ver, unsigned flags)
{
	size_t versioned = 0;
	int nversioned = 0;
	if (!o->nsyms)
		return 0;
	for (uint32_t i = o->hbuckets[name_hash(name) & (o->nhbuckets - 1)]; i; i = o->hnext[i]) {
		const GElf_Sym *s = &o->syms[i];
		unsigned type = GELF_ST_TYPE(s->st_info), bind = GELF_ST_BIND(s->st_info);
		if (s->st_value == 0 && type != STT_TLS)
			continue;
		if (s->st_shndx == SHN_UNDEF &&
		    ((flags & LOOK_SKIP_UNDEF_FUNC) || type != STT_FUNC))
			continue;
		if (type > STT_FUNC && type != STT_COMMON && type != STT_TLS &&
		    type != STT_GNU_IFUNC)
			continue;
		if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE)
			continue;
		if (strcmp(o->symnames[i], name))
			continue;
		if (!o->versym)
			return i;
		unsigned vs = o->versym[i], ndx = vs & 0x7fff;
		const char *def = ndx < o->nvers ? o->vernames[ndx] : NULL;
		if (ver) {
			int same = def && !strcmp(def, ver);
			if (!same && (def || (vs & 0x8000)))
				continue;
			return i;
		}
		if (ndx >= 3) {
			if (!(vs & 0x8000) && nversioned++ == 0)
				versioned = i;
			continue;
		}
		return i;
	}
	return nversioned == 1 ? versioned : 0;
}

void iobj_relocs(struct iobj *o,
		 void (*fn)(struct iobj *o, size_t symidx, int is_copy, int in_plt, void *arg),
		 void *arg)
{
	if (!o->nsyms)
		return;
	unsigned char *seen = xcalloc(o->nsyms, 1);
	GElf_Shdr ssh;
	Elf_Scn *dsym = find_section(o->elf, SHT_DYNSYM, NULL, &ssh);
	size_t symndx = dsym ? elf_ndxscn(dsym) : 0;
	for (Elf_Scn *s = elf_nextscn(o->elf, NULL); s; s = elf_nextscn(o->elf, s)) {
		GElf_Shdr sh;
		if (!gelf_getshdr(s, &sh) || (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL) ||
		    sh.sh_link != symndx || !sh.sh_entsize)
			continue;
		int in_plt = o->jmprel && sh.sh_addr == o->jmprel;
		Elf_Data *d = elf_getdata(s, NULL);
		size_t n = d ? sh.sh_size / sh.sh_entsize : 0;
		for (size_t i = 0; i < n; i++) {
			GElf_Addr off;
			size_t idx;
			if (sh.sh_type == SHT_RELA) {
				GElf_Rela r;
				if (!gelf_getrela(d, (int)i, &r))
					break;
				off = r.r_offset;
				idx = GELF_R_SYM(r.r_info);
			} else {
				GElf_Rel r;
				if (!gelf_getrel(d, (int)i, &r))
					break;
				off = r.r_offset;
				idx = GELF_R_SYM(r.r_info);
			}
			if (!idx || idx >= o->nsyms)
				continue;
			const GElf_Sym *sym = &o->syms[idx];
			int is_copy = sym->st_shndx != SHN_UNDEF && sym->st_value == off &&
				      GELF_ST_TYPE(sym->st_info) != STT_TLS;
			unsigned bit = is_copy ? 2 : 1;
			if (seen[idx] & bit)
				continue;
			seen[idx] |= bit;
			fn(o, idx, is_copy, in_plt, arg);
		}
	}
	free(seen);
}

/* ---- separate debug files ---- */
const char *dbg_source_name(enum dbg_source s)
{
	switch (s) {
	case DBGSRC_EMBEDDED: return "embedded";
	case DBGSRC_BUILD_ID: return "build-id";
	case DBGSRC_DEBUGLINK: return "debuglink";
	default: return "none";
	}
}

/* The loader's own discovery (rtld/debugfile.c), with the tool's --debug-dir roots first. */
void iobj_find_debug(struct iobj *o)
{
	char path[PATH_MAX];
	switch (dwarfsig_find_debug(o->elf, o->o.path, debug_roots, ndebug_roots, path,
				    sizeof path)) {
	case DWARFSIG_DEBUG_EMBEDDED:
		o->dbg = DBGSRC_EMBEDDED;
		break;
	case DWARFSIG_DEBUG_BUILD_ID:
		o->dbg = DBGSRC_BUILD_ID;
		o->dbg_path = xstrdup(path);
		break;
	case DWARFSIG_DEBUG_DEBUGLINK:
		o->dbg = DBGSRC_DEBUGLINK;
		o->dbg_path = xstrdup(path);
		break;
	default:
		o->dbg = DBGSRC_NONE;
		break;
	}
}
