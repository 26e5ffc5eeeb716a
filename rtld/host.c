/*
 * host.c: the bridge to the trusted base (host glibc and the single libgcc_s).
 *
 * The system loader started ld-c18n, so glibc is loaded and initialised.  We never map a
 * second copy of a trusted-base library: a DT_NEEDED naming one resolves to the host's copy,
 * represented by an OBJ_HOST struct obj built from its in-memory dynamic tables.
 *
 * Must stay true:
 *  - Host memory is only written in two ways: GOT slots whose value points into an object the
 *    program COPY-relocated (re-pointed to the copy, matched by address), and GOT slots the
 *    program interposes (malloc family) or the loader must own (_dl_find_object in
 *    libgcc_s).  RELRO pages are made writable for the write and sealed again.
 *  - Our objects bind to the loader's implementations of the names in interpose_table, never
 *    to glibc's (our module ids and handles must not reach glibc).
 */
#include "rtld.h"
#include "iso.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The trusted base: glibc's libraries and libgcc_s. */
static const char *const tcb_names[] = {
	"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
	"libutil.so.1", "libresolv.so.2", "libanl.so.1", "libmvec.so.1",
	"ld-linux-x86-64.so.2", "libBrokenLocale.so.1", "libthread_db.so.1",
	"libc_malloc_debug.so.0", "libnsl.so.1", "libgcc_s.so.1",
};

int host_is_tcb_name(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	for (size_t i = 0; i < ARRAY_SIZE(tcb_names); i++)
		if (!strcmp(base, tcb_names[i]))
			return 1;
	return 0;
}

/* Every object the system loader has loaded (trusted base, the loader, its own libraries). */
static struct obj **host_all;
static size_t nhost, caphost;
static uintptr_t (*real_find_object)(void *, struct dl_find_object *);

static struct obj *host_from_phdr(struct dl_phdr_info *info)
{
	struct obj *o = rtld_alloc(sizeof *o);
	o->flags = OBJ_HOST;
	o->lm.l_addr = info->dlpi_addr;
	o->phdr = info->dlpi_phdr;
	o->phnum = info->dlpi_phnum;
	o->path = rtld_strdup(info->dlpi_name && *info->dlpi_name ? info->dlpi_name : "");
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];
		if (ph->p_type == PT_LOAD) {
			if (info->dlpi_addr + ph->p_vaddr < lo)
				lo = info->dlpi_addr + ph->p_vaddr;
			if (info->dlpi_addr + ph->p_vaddr + ph->p_memsz > hi)
				hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		} else if (ph->p_type == PT_DYNAMIC) {
			o->dynamic = (ElfW(Dyn) *)(info->dlpi_addr + ph->p_vaddr);
		} else if (ph->p_type == PT_GNU_RELRO) {
			o->relro_start = ph->p_vaddr;
			o->relro_size = ph->p_memsz;
		} else if (ph->p_type == PT_GNU_EH_FRAME) {
			o->eh_frame_hdr = ph->p_vaddr;
		} else if (ph->p_type == PT_TLS) {
			o->tls_memsz = ph->p_memsz;
		}
	}
	o->map_start = ALIGN_DOWN(lo, rtld_pagesize);
	o->map_end = ALIGN_UP(hi, rtld_pagesize);
	o->lm.l_ld = o->dynamic;
	if (obj_parse_dynamic(o) < 0)
		DEBUG(DBG_HOST, "%s: cannot read dynamic section: %s", o->path, rtld_last_error());
	const char *slash = strrchr(o->path, '/');
	o->name = rtld_strdup(o->soname ? o->soname : slash ? slash + 1 : o->path);
	o->lm.l_name = o->path;
	return o;
}

static int collect(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	for (size_t i = 0; i < nhost; i++)
		if (host_all[i]->lm.l_addr == info->dlpi_addr &&
		    host_all[i]->phdr == info->dlpi_phdr)
			return 0;
	if (nhost == caphost) {
		size_t nc = caphost ? caphost * 2 : 32;
		host_all = rtld_realloc_array(host_all, caphost, nc, sizeof *host_all);
		caphost = nc;
	}
	struct obj *o = host_from_phdr(info);
	if (nhost == 0) {
		o->flags |= OBJ_RTLD; /* the first object is ld-c18n itself */
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n > 0) {
			self[n] = 0;
			rtld_free(o->path);
			o->path = rtld_strdup(self);
			o->lm.l_name = o->path;
		}
	}
	host_all[nhost++] = o;
	DEBUG(DBG_HOST, "host object %s at 0x%lx", *o->path ? o->path : "(ld-c18n)",
	      (unsigned long)o->lm.l_addr);
	return 0;
}

static void refresh(void) { dl_iterate_phdr(collect, NULL); }

/* The system loader's object (the trusted base, or ld-c18n itself: OBJ_RTLD) holding a. */
struct obj *host_find_by_addr(uintptr_t a)
{
	for (size_t i = 0; i < nhost; i++) {
		struct obj *o = host_all[i];
		if (a < o->map_start || a >= o->map_end)
			continue;
		for (size_t k = 0; k < o->phnum; k++) {
			const ElfW(Phdr) *ph = &o->phdr[k];
			if (ph->p_type == PT_LOAD && a >= o->lm.l_addr + ph->p_vaddr &&
			    a < o->lm.l_addr + ph->p_vaddr + ph->p_memsz)
				return o;
		}
	}
	return NULL;
}

struct obj *host_open(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	void *h = dlopen(base, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		rtld_error("%s: cannot open trusted-base library: %s", name, dlerror());
		return NULL;
	}
	struct link_map *lm = NULL;
	if (dlinfo(h, RTLD_DI_LINKMAP, &lm) < 0 || !lm) {
		rtld_error("%s: cannot query trusted-base library", name);
		return NULL;
	}
	refresh();
	for (size_t i = 0; i < nhost; i++) {
		struct obj *o = host_all[i];
		if (o->lm.l_addr == lm->l_addr && o->dynamic == lm->l_ld) {
			if (!o->host_handle)
				o->host_handle = h;
			else
				dlclose(h);
			return o;
		}
	}
	rtld_error("%s: trusted-base library not found after loading", name);
	return NULL;
}

/* ---- names our objects must bind to the loader for ---- */
extern void *c18n_dlopen(const char *, int);
extern void *c18n_dlmopen(Lmid_t, const char *, int);
extern void *c18n_dlsym(void *, const char *);
extern void *c18n_dlvsym(void *, const char *, const char *);
extern int c18n_dladdr(const void *, Dl_info *);
extern int c18n_dladdr1(const void *, Dl_info *, void **, int);
extern int c18n_dlinfo(void *, int, void *);
extern int c18n_dlclose(void *);
extern char *c18n_dlerror(void);
extern int c18n_dl_iterate_phdr(int (*)(struct dl_phdr_info *, size_t, void *), void *);
extern int c18n_dl_find_object(void *, struct dl_find_object *);

/* Threads carry the loader's TLS area in their static TLS, which glibc takes from the
 * thread's stack: a stack size chosen by the program grows by the area so that the program
 * keeps the stack it asked for (and gets no EINVAL for a small one). */
static int c18n_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	return pthread_attr_setstacksize(a, size + tls_area_size());
}

static int c18n_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	int r = pthread_attr_getstacksize(a, size);
	if (r == 0 && *size > tls_area_size() + PTHREAD_STACK_MIN)
		*size -= tls_area_size();
	return r;
}

ElfW(Addr) interpose_lookup(const struct interpose *t, size_t n, uint32_t *hashes, int *ready,
			    const char *name, uint32_t h)
{
	if (!*ready) {
		for (size_t i = 0; i < n; i++)
			hashes[i] = c18n_gnu_hash(t[i].name);
		*ready = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (hashes[i] == h && !strcmp(name, t[i].name))
			return (ElfW(Addr))t[i].fn;
	return 0;
}

static const struct interpose interpose_table[] = {
	{ "pthread_attr_setstacksize", (void *)c18n_attr_setstacksize },
	{ "pthread_attr_getstacksize", (void *)c18n_attr_getstacksize },
	{ "dlopen", (void *)c18n_dlopen },
	{ "dlmopen", (void *)c18n_dlmopen },
	{ "dlsym", (void *)c18n_dlsym },
	{ "dlvsym", (void *)c18n_dlvsym },
	{ "dladdr", (void *)c18n_dladdr },
	{ "dladdr1", (void *)c18n_dladdr1 },
	{ "dlinfo", (void *)c18n_dlinfo },
	{ "dlclose", (void *)c18n_dlclose },
	{ "dlerror", (void *)c18n_dlerror },
	{ "dl_iterate_phdr", (void *)c18n_dl_iterate_phdr },
	{ "_dl_find_object", (void *)c18n_dl_find_object },
	{ "__tls_get_addr", (void *)c18n_tls_get_addr },
	{ "__libc_start_main", (void *)c18n_libc_start_main },
};

/* Asked for every symbol that binds to the trusted base, thousands of times at start-up:
 * names are compared only when their GNU hashes match (h: the name's, which the search that
 * found the symbol has computed already). */
ElfW(Addr) host_interpose(const char *name, uint32_t h)
{
	static uint32_t hashes[ARRAY_SIZE(interpose_table)];
	static int hashed;
	ElfW(Addr) f = interpose_lookup(interpose_table, ARRAY_SIZE(interpose_table), hashes,
					&hashed, name, h);
	if (f)
		return f;
	ElfW(Addr) m = mediate_interpose(name, h);
	if (!m)
		m = callbacks_interpose(name, h);
	if (!m)
		m = stackinfo_interpose(name, h);
	return m ? m : follow_interpose(name, h);
}

int host_call_find_object(void *pc, struct dl_find_object *r)
{
	return real_find_object ? (int)real_find_object(pc, r) : -1;
}

/* ---- writing host GOT slots ---- */
static int in_relro(struct obj *o, uintptr_t addr)
{
	uintptr_t s = o->lm.l_addr + o->relro_start;
	return o->relro_size && addr >= s && addr < s + o->relro_size;
}

static void write_slot(struct obj *o, ElfW(Addr) *slot, ElfW(Addr) value)
{
	uintptr_t page = ALIGN_DOWN((uintptr_t)slot, rtld_pagesize);
	int ro = in_relro(o, (uintptr_t)slot);
	if (ro)
		mprotect((void *)page, rtld_pagesize, PROT_READ | PROT_WRITE);
	*slot = value;
	if (ro)
		mprotect((void *)page, rtld_pagesize, PROT_READ);
}

typedef void (*slot_fn)(struct obj *host, ElfW(Addr) *slot, const char *symname,
			unsigned type, void *arg);

static void scan_table(struct obj *o, const ElfW(Rela) *tab, size_t size, slot_fn fn, void *arg)
{
	if (!tab)
		return;
	for (size_t i = 0; i < size / sizeof(ElfW(Rela)); i++) {
		unsigned type = ELF64_R_TYPE(tab[i].r_info);
		int cls = arch_reloc_class(type);
		if (cls != RCLASS_GLOB_DAT && cls != RCLASS_JUMP_SLOT && cls != RCLASS_ABS)
			continue;
		uint32_t idx = ELF64_R_SYM(tab[i].r_info);
		const char *name = idx && o->symtab ? obj_str(o, o->symtab[idx].st_name) : NULL;
		fn(o, (ElfW(Addr) *)(o->lm.l_addr + tab[i].r_offset), name, cls, arg);
	}
}

static void scan_slots(struct obj *o, slot_fn fn, void *arg)
{
	scan_table(o, o->rela, o->relasz, fn, arg);
	if (o->pltrel != DT_REL)
		scan_table(o, o->jmprel, o->pltrelsz, fn, arg);
}

struct copy_fix {
	uintptr_t src, dst;
	size_t size;
	int count;
};

static void fix_copy_slot(struct obj *o, ElfW(Addr) *slot, const char *name, unsigned cls,
			  void *arg)
{
	struct copy_fix *f = arg;
	(void)cls;
	ElfW(Addr) v = *slot;
	if (v >= f->src && v < f->src + (f->size ? f->size : 1)) {
		write_slot(o, slot, f->dst + (v - f->src));
		f->count++;
		DEBUG(DBG_HOST, "%s: slot for %s re-pointed to the program's copy",
		      *o->path ? o->path : "ld-c18n", name ? name : "?");
	}
}

int host_fix_copies(struct obj *o, uintptr_t src, size_t size, uintptr_t dst)
{
	(void)o;
	struct copy_fix f = { src, dst, size, 0 };
	refresh();
	for (size_t i = 0; i < nhost; i++)
		scan_slots(host_all[i], fix_copy_slot, &f);
	return 0;
}

/* libgcc_s finds FDEs only through _dl_find_object: point it at ours. */
static void fix_find_object(struct obj *o, ElfW(Addr) *slot, const char *name, unsigned cls,
			    void *arg)
{
	(void)arg;
	(void)cls;
	if (name && !strcmp(name, "_dl_find_object")) {
		write_slot(o, slot, (ElfW(Addr))c18n_dl_find_object);
		DEBUG(DBG_HOST, "%s: _dl_find_object slot re-pointed to ld-c18n", o->path);
	}
}

/* What our global-scope objects define ahead of the trusted base interposes on it, as under
 * the system loader: functions, and data the trusted base reads through its GOT -- a
 * program's argp_program_version, error_print_progname, obstack_alloc_failed_handler (a
 * COPY-relocated variable is found here too, as the program's copy).  Not thread-local
 * variables: each side keeps its own TLS. */
static void fix_interposed(struct obj *o, ElfW(Addr) *slot, const char *name, unsigned cls,
			   void *arg)
{
	(void)arg;
	if (!name || cls == RCLASS_ABS)
		return;
	struct symlook req;
	symlook_init(&req, name, NULL, NULL);
	for (size_t i = 0; i < global_nscope; i++) {
		struct obj *g = global_scope[i];
		if (g->flags & OBJ_HOST)
			return; /* the trusted base itself comes first: nothing interposes */
		const ElfW(Sym) *s = symlook_obj(&req, g);
		if (!s || s->st_shndx == SHN_UNDEF) /* a canonical PLT entry is not a definition */
			continue;
		unsigned t = ELF64_ST_TYPE(s->st_info);
		if (t != STT_FUNC && t != STT_GNU_IFUNC && t != STT_OBJECT && t != STT_COMMON)
			return;
		req.defobj = g;
		req.sym = s;
		write_slot(o, slot, symlook_value(&req));
		DEBUG(DBG_HOST, "%s: %s interposed by %s", o->path, name, g->path);
		return;
	}
}

int host_apply_interposition(void)
{
	for (struct obj *o = obj_list; o; o = o->next)
		if (o->flags & OBJ_HOST)
			scan_slots(o, fix_interposed, NULL);
	return 0;
}

int host_init(void)
{
	refresh();
	real_find_object = (void *)dlsym(RTLD_DEFAULT, "_dl_find_object");
	struct obj *gcc = host_open("libgcc_s.so.1");
	if (!gcc)
		return -1;
	scan_slots(gcc, fix_find_object, NULL);
	return 0;
}

struct obj *host_self(void) { return nhost ? host_all[0] : NULL; }
