/*
 * dlfcn.c: the dl* family for our objects (dlopen, dlsym, dlvsym, dladdr, dladdr1, dlinfo,
 * dlclose, dlerror, dl_iterate_phdr, _dl_find_object).
 *
 * Must stay true:
 *  - Handles are struct obj pointers; dlopen(NULL) is the program.  A handle naming a
 *    trusted-base library is the OBJ_HOST object (never a raw glibc handle).
 *  - dlopen is all-or-nothing: on any failure every object it loaded is unloaded again.
 *  - All loader state changes happen under the recursive loader lock; initialisers and
 *    finalisers run under it too (as in glibc), so a constructor may call dlopen.
 */
#include "rtld.h"
#include "dwarfsig.h"
#include "iso.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t dl_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static unsigned long long dl_adds = 1, dl_subs;

struct obj **init_order(struct obj **roots, size_t nroots, size_t *n);
void init_forget(struct obj *o);
void fini_unmarked(void);

void rtld_lock(void) { pthread_mutex_lock(&dl_lock); }
void rtld_unlock(void) { pthread_mutex_unlock(&dl_lock); }

/* fork takes the loader lock, as glibc's takes its own: a child forked while another thread
 * was in dlopen, dlclose or a lazy binding would otherwise inherit the lock held, by a
 * thread it does not have, and hang at its first binding or dlopen.  The child gets a fresh
 * lock (its owner there would be a thread id that no longer exists). */
static void dl_fork_prepare(void) { pthread_mutex_lock(&dl_lock); }
static void dl_fork_parent(void) { pthread_mutex_unlock(&dl_lock); }
static void dl_fork_child(void)
{
	static const pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
	memcpy(&dl_lock, &fresh, sizeof dl_lock);
}

int rtld_lock_init(void)
{
	if (pthread_atfork(dl_fork_prepare, dl_fork_parent, dl_fork_child) != 0)
		return rtld_error("cannot register the loader's fork handlers");
	return 0;
}

void dl_set_error(const char *fmt, ...)
{
	struct c18n_thread *t = thread_self();
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->dlerror_buf, sizeof t->dlerror_buf, fmt, ap);
	va_end(ap);
	t->dlerror_pending = 1;
}

static struct obj *caller_obj(const void *ra)
{
	struct obj *o = obj_find_by_addr(ra);
	return o ? o : obj_main;
}

static int valid_handle(void *h)
{
	for (struct obj *o = obj_list; o; o = o->next)
		if (o == h)
			return 1;
	return 0;
}

/* Unload objects that nothing references any more: not reachable from the program's start-up
 * set, from NODELETE objects or from objects with dlopen references. */
static void collect_garbage(void)
{
	for (struct obj *o = obj_list; o; o = o->next)
		o->flags &= ~OBJ_VISITED;
	int changed = 1;
	for (struct obj *o = obj_list; o; o = o->next)
		if (!(o->flags & OBJ_DLOPENED) || o->refcount > 0 || (o->flags & OBJ_NODELETE) ||
		    (o->flags & OBJ_HOST))
			o->flags |= OBJ_VISITED;
	while (changed) {
		changed = 0;
		for (struct obj *o = obj_list; o; o = o->next) {
			if (!(o->flags & OBJ_VISITED))
				continue;
			for (size_t i = 0; i < o->nneeded + o->nreldeps; i++) {
				struct obj *d = i < o->nneeded ? o->needed[i].obj
							       : o->reldeps[i - o->nneeded];
				if (d && !(d->flags & OBJ_VISITED)) {
					d->flags |= OBJ_VISITED;
					changed = 1;
				}
			}
		}
	}
	/* finalisers first, dependents before their dependencies */
	fini_unmarked();
	struct obj *next;
	int unloaded = 0;
	for (struct obj *o = obj_list; o; o = next) {
		next = o->next;
		if (o->flags & OBJ_VISITED) {
			o->flags &= ~OBJ_VISITED;
			continue;
		}
		DEBUG(DBG_DL, "unloading %s", o->path);
		iso_remove_object(o);
		init_forget(o);
		tramp_forget(o);
		dbg_jit_forget(o);
		if (o->sig) {
			dwarfsig_free(o->sig);
			o->sig = NULL;
		}
		rtld_free(o->sig_later);
		o->sig_later = NULL;
		scope_remove(o);
		rtld_free(o->reldeps);
		o->reldeps = NULL;
		o->nreldeps = 0;
		tls_release(o);
		comp_remove_obj(o);
		obj_unlink(o);
		obj_unmap(o);
		obj_release(o);
		dl_subs++;
		unloaded++;
		/* the struct obj stays allocated: stale handles must not crash dlsym */
	}
	if (unloaded)
		dbg_publish();
}

static void unload_new(struct obj *last_before)
{
	struct obj *o = last_before ? last_before->next : obj_list;
	for (; o; o = o->next) {
		if (o->flags & OBJ_HOST)
			continue;
		o->flags |= OBJ_DLOPENED;
		o->refcount = 0;
		o->flags &= ~OBJ_NODELETE;
		o->flags |= OBJ_FINI_DONE; /* never initialised */
	}
	collect_garbage();
}

EXPORT void *c18n_dlopen(const char *file, int mode)
{
	const void *ra = __builtin_return_address(0);
	if (!(mode & (RTLD_LAZY | RTLD_NOW))) {
		dl_set_error("invalid mode for dlopen(): Invalid argument");
		return NULL;
	}
	pthread_mutex_lock(&dl_lock);
	struct obj *ret = NULL;
	if (!file) {
		ret = obj_main;
		goto out;
	}
	DEBUG(DBG_DL, "dlopen(\"%s\", 0x%x)", file, mode);
	struct obj *caller = caller_obj(ra);
	if (mode & RTLD_NOLOAD) {
		struct obj *o = host_is_tcb_name(file) ? NULL : obj_find_by_name(file);
		if (!o && host_is_tcb_name(file)) {
			for (struct obj *h = obj_list; h; h = h->next)
				if ((h->flags & OBJ_HOST) && h->soname && strstr(file, h->soname))
					o = h;
		}
		if (o) {
			o->refcount++;
			if (mode & RTLD_NODELETE)
				o->flags |= OBJ_NODELETE;
			if (mode & RTLD_GLOBAL)
				for (size_t i = 0; i < o->nscope; i++)
					scope_add_global(o->scope[i]);
		}
		ret = o;
		goto out;
	}
	struct obj *last_before = obj_tail;
	int is_new;
	rtld_clear_error();
	struct obj *root = load_library(file, caller, &is_new);
	if (!root) {
		dl_set_error("%s", rtld_last_error());
		goto out;
	}
	if (!is_new && !(root->flags & OBJ_HOST) && !(root->flags & OBJ_RELOCATED)) {
		dl_set_error("%s: object is being loaded", root->path);
		root = NULL;
		goto out;
	}
	if (is_new && load_refuse_noopen(root) < 0) {
		dl_set_error("%s", rtld_last_error());
		unload_new(last_before);
		goto out;
	}
	struct obj *first_new = last_before ? last_before->next : obj_list;
	if (first_new && load_all_deps(first_new, 0) < 0) {
		dl_set_error("%s", rtld_last_error());
		unload_new(last_before);
		goto out;
	}
	/* the new objects, dependencies first */
	for (struct obj *o = first_new; o; o = o->next)
		if (!(o->flags & OBJ_HOST))
			o->flags |= OBJ_DLOPENED;
	size_t n;
	struct obj **order = init_order(&root, 1, &n);
	for (struct obj *o = first_new; o; o = o->next) {
		if (o->flags & OBJ_HOST)
			continue;
		obj_build_local_scope(o);
		if (tls_setup_static(o, 1) < 0)
			goto fail;
	}
	tramp_batch_begin();
	for (size_t i = 0; i < n; i++) {
		struct obj *o = order[i];
		if (o->flags & OBJ_RELOCATED)
			continue;
		if (reloc_object(o, !(mode & RTLD_NOW)) < 0 || reloc_apply_relro(o) < 0) {
			tramp_batch_end();
			goto fail;
		}
	}
	tramp_batch_end();
	for (struct obj *o = first_new; o; o = o->next)
		if (!(o->flags & OBJ_HOST) && tramp_thread_ready(o) < 0)
			goto fail;
	dbg_publish(); /* (before initialisers: a debugger can stop in them) */
	for (struct obj *o = first_new; o; o = o->next)
		iso_add_object(o);
	iso_settle(); /* the new compartments close; their initialisers enter them */
	int new_tls = 0; /* (the image is rewritten only when a new object has TLS) */
	for (struct obj *o = first_new; o; o = o->next)
		new_tls |= o->tls_modid != 0;
	if (new_tls) {
		tls_commit_image();
		for (struct obj *o = first_new; o; o = o->next)
			tls_init_current_thread(o);
	}
	if (!root->scope)
		obj_build_local_scope(root);
	if (mode & RTLD_GLOBAL)
		for (size_t i = 0; i < root->nscope; i++)
			scope_add_global(root->scope[i]);
	if (mode & RTLD_NODELETE)
		root->flags |= OBJ_NODELETE;
	root->refcount++;
	dl_adds++;
	init_objects(order, n, 0, NULL, NULL);
	rtld_free(order);
	ret = root;
	goto out;
fail:
	dl_set_error("%s", rtld_last_error());
	rtld_free(order);
	unload_new(last_before);
out:
	pthread_mutex_unlock(&dl_lock);
	return ret;
}

EXPORT void *c18n_dlmopen(Lmid_t lmid, const char *file, int mode)
{
	if (lmid != LM_ID_BASE) {
		dl_set_error("dlmopen: only the base namespace (LM_ID_BASE) is supported");
		return NULL;
	}
	return c18n_dlopen(file, mode);
}

static void *sym_address(struct symlook *req)
{
	ElfW(Addr) v = symlook_value(req);
	if (ELF64_ST_TYPE(req->sym->st_info) == STT_TLS) {
		struct obj *o = req->defobj;
		if (o->flags & OBJ_HOST)
			return (void *)(arch_tp() - tls_host_offset(o) + v);
		unsigned long ti[2] = { o->tls_modid, v };
		return c18n_tls_get_addr(ti);
	}
	if (req->caller)
		cap_grant_object(req->caller->id, req->defobj, req->sym, v);
	if (tramp_enabled && !(req->defobj->flags & OBJ_HOST) && v) {
		v = tramp_bind(NULL, req->caller, req->defobj, req->sym, v, RCLASS_GLOB_DAT,
			       req->name);
		if (!v)
			dl_set_error("%s", rtld_last_error());
	}
	return (void *)v;
}

static void *do_dlsym(void *handle, const char *name, const struct verinfo *ver,
		      const void *ra)
{
	struct symlook req;
	struct obj *caller = caller_obj(ra);
	void *ret = NULL;
	pthread_mutex_lock(&dl_lock);
	symlook_init(&req, name, ver, caller);
	if (!ver)
		req.flags |= SYMLOOK_DLSYM;
	int found;
	if (handle == RTLD_DEFAULT) {
		found = symlook_list(&req, global_scope, global_nscope, NULL) == 0;
		if (!found && caller->scope && !(caller->flags & OBJ_GLOBAL))
			found = symlook_list(&req, caller->scope, caller->nscope, NULL) == 0;
	} else if (handle == RTLD_NEXT) {
		found = symlook_list(&req, global_scope, global_nscope, caller) == 0;
		if (!found && caller->scope && !(caller->flags & OBJ_GLOBAL))
			found = symlook_list(&req, caller->scope, caller->nscope, caller) == 0;
	} else if (!valid_handle(handle)) {
		dl_set_error("dlsym: invalid handle");
		goto out;
	} else {
		struct obj *h = handle;
		if (h == obj_main)
			found = symlook_list(&req, global_scope, global_nscope, NULL) == 0;
		else if (h->flags & OBJ_HOST) {
			found = symlook_list(&req, &h, 1, NULL) == 0;
			if (!found && h->host_handle) {
				void *p = ver ? dlvsym(h->host_handle, name, ver->name)
					      : dlsym(h->host_handle, name);
				if (p) {
					ElfW(Addr) mine = host_interpose(name, symlook_hash(&req));
					ret = mine ? (void *)mine : p;
					goto out;
				}
			}
		} else {
			found = symlook_list(&req, h->scope, h->nscope, NULL) == 0;
		}
	}
	if (!found) {
		const char *who = handle == RTLD_DEFAULT || handle == RTLD_NEXT
					  ? (handle == RTLD_NEXT ? "RTLD_NEXT" : "RTLD_DEFAULT")
					  : ((struct obj *)handle)->path;
		if (handle != RTLD_DEFAULT && handle != RTLD_NEXT && handle == obj_main)
			who = rtld_argv ? rtld_argv[0] : obj_main->path;
		if (ver)
			dl_set_error("%s: undefined symbol: %s, version %s", who, name, ver->name);
		else
			dl_set_error("%s: undefined symbol: %s", who, name);
		goto out;
	}
	/* as glibc: a default or next lookup makes the definition the caller's relocation
	 * dependency (kept while the caller is; for the program, for good) */
	if ((handle == RTLD_DEFAULT || handle == RTLD_NEXT) && caller && req.defobj != caller &&
	    (req.defobj->flags & OBJ_DLOPENED))
		obj_add_reldep(caller, req.defobj);
	ret = sym_address(&req);
	dbg_jit_sync(); /* (an entry sym_address made) */
	DEBUG(DBG_DL, "dlsym(%s) -> %p in %s", name, ret, req.defobj->path);
out:
	pthread_mutex_unlock(&dl_lock);
	return ret;
}

EXPORT void *c18n_dlsym(void *handle, const char *name)
{
	return do_dlsym(handle, name, NULL, __builtin_return_address(0));
}

EXPORT void *c18n_dlvsym(void *handle, const char *name, const char *version)
{
	struct verinfo v = { .name = version, .hash = c18n_sysv_hash(version) };
	return do_dlsym(handle, name, &v, __builtin_return_address(0));
}

EXPORT int c18n_dlclose(void *handle)
{
	pthread_mutex_lock(&dl_lock);
	if (!valid_handle(handle)) {
		dl_set_error("shared object not open");
		pthread_mutex_unlock(&dl_lock);
		return -1;
	}
	struct obj *o = handle;
	if (o->refcount > 0)
		o->refcount--;
	if (o->refcount == 0 && (o->flags & OBJ_DLOPENED) && !(o->flags & OBJ_NODELETE))
		collect_garbage();
	pthread_mutex_unlock(&dl_lock);
	return 0;
}

EXPORT char *c18n_dlerror(void)
{
	struct c18n_thread *t = thread_self();
	if (!t->dlerror_pending)
		return NULL;
	t->dlerror_pending = 0;
	return t->dlerror_buf;
}

/* nearest symbol at or below addr in o, among those glibc's dladdr considers: the symbols
 * the hash table covers (from the GNU hash symoffset on), not absolute ones */
static const ElfW(Sym) *nearest_sym(struct obj *o, uintptr_t addr)
{
	const ElfW(Sym) *best = NULL;
	if (!o->symtab)
		return NULL;
	for (size_t i = o->gnu_buckets ? o->gnu_symoffset : 0; i < o->nsyms; i++) {
		const ElfW(Sym) *s = &o->symtab[i];
		unsigned t = ELF64_ST_TYPE(s->st_info);
		if (s->st_shndx == SHN_UNDEF || s->st_shndx == SHN_ABS || t == STT_TLS ||
		    t == STT_SECTION || t == STT_FILE)
			continue;
		if (ELF64_ST_BIND(s->st_info) == STB_LOCAL)
			continue;
		uintptr_t v = o->lm.l_addr + s->st_value;
		if (v > addr)
			continue;
		if (!(addr < v + s->st_size || (s->st_size == 0 && addr == v)))
			continue;
		if (!best || s->st_value > best->st_value)
			best = s;
	}
	return best;
}

static int do_dladdr(const void *addr, Dl_info *info, void **extra, int flags)
{
	/* an entry stands for its target, and is that function's address for the program */
	uintptr_t estart = tramp_entry_start((uintptr_t)addr);
	addr = (const void *)tramp_target((uintptr_t)addr);
	pthread_mutex_lock(&dl_lock);
	struct obj *o = obj_find_by_addr(addr);
	if (!o) {
		pthread_mutex_unlock(&dl_lock);
		return dladdr1(addr, info, extra, flags);
	}
	info->dli_fname = o->flags & OBJ_MAIN ? (rtld_argv ? rtld_argv[0] : o->path) : o->path;
	info->dli_fbase = (void *)o->map_start;
	const ElfW(Sym) *s = nearest_sym(o, (uintptr_t)addr);
	if (s) {
		info->dli_sname = obj_str(o, s->st_name);
		info->dli_saddr = (void *)(o->lm.l_addr + s->st_value);
		if (estart && (uintptr_t)info->dli_saddr == tramp_target(estart))
			info->dli_saddr = (void *)estart;
	} else {
		info->dli_sname = NULL;
		info->dli_saddr = NULL;
	}
	if (flags == RTLD_DL_SYMENT)
		*extra = (void *)s;
	else if (flags == RTLD_DL_LINKMAP)
		*extra = &o->lm;
	pthread_mutex_unlock(&dl_lock);
	return 1;
}

EXPORT int c18n_dladdr(const void *addr, Dl_info *info)
{
	void *dummy;
	return do_dladdr(addr, info, &dummy, 0);
}

EXPORT int c18n_dladdr1(const void *addr, Dl_info *info, void **extra, int flags)
{
	return do_dladdr(addr, info, extra, flags);
}

EXPORT int c18n_dlinfo(void *handle, int request, void *arg)
{
	if (!valid_handle(handle)) {
		dl_set_error("dlinfo: invalid handle");
		return -1;
	}
	struct obj *o = handle;
	switch (request) {
	case RTLD_DI_LMID:
		*(Lmid_t *)arg = LM_ID_BASE;
		return 0;
	case RTLD_DI_LINKMAP:
		*(struct link_map **)arg = &o->lm;
		return 0;
	case RTLD_DI_ORIGIN:
		strcpy(arg, o->origin ? o->origin : ".");
		return 0;
	case RTLD_DI_TLS_MODID:
		*(size_t *)arg = o->tls_modid;
		return 0;
	case RTLD_DI_TLS_DATA:
		if (o->flags & OBJ_HOST)
			return dlinfo(o->host_handle, request, arg);
		*(void **)arg = tls_block_if_used(o);
		return 0;
	case RTLD_DI_PHDR:
		*(const ElfW(Phdr) **)arg = o->phdr;
		return (int)o->phnum;
	default:
		dl_set_error("dlinfo: unsupported request %d", request);
		return -1;
	}
}

struct obj *host_self(void);

EXPORT int c18n_dl_iterate_phdr(int (*cb)(struct dl_phdr_info *, size_t, void *), void *data)
{
	int ret = 0;
	pthread_mutex_lock(&dl_lock);
	/* Our objects and the trusted base, in load order, then the loader itself (as glibc
	 * lists ld.so last): unwinders find the trampolines' landing pads there. */
	struct obj *self = host_self();
	for (struct obj *o = obj_list; o || self; o = o ? o->next : NULL) {
		if (!o) {
			o = self;
			self = NULL;
		}
		struct dl_phdr_info info;
		memset(&info, 0, sizeof info);
		info.dlpi_addr = o->lm.l_addr;
		info.dlpi_name = o->flags & OBJ_MAIN ? "" : o->path;
		info.dlpi_phdr = o->phdr;
		info.dlpi_phnum = o->phnum;
		info.dlpi_adds = dl_adds;
		info.dlpi_subs = dl_subs;
		info.dlpi_tls_modid = o->tls_modid;
		info.dlpi_tls_data = tls_block_if_used(o);
		ret = cb(&info, sizeof info, data);
		if (ret || o == host_self())
			break;
	}
	pthread_mutex_unlock(&dl_lock);
	return ret;
}

int host_call_find_object(void *pc, struct dl_find_object *r);

EXPORT int c18n_dl_find_object(void *pc, struct dl_find_object *r)
{
	struct obj *o = NULL;
	pc = (void *)tramp_target((uintptr_t)pc);
	for (struct obj *p = obj_list; p; p = p->next) {
		if ((uintptr_t)pc >= p->map_start && (uintptr_t)pc < p->map_end &&
		    !(p->flags & OBJ_HOST)) {
			o = p;
			break;
		}
	}
	if (!o)
		return host_call_find_object(pc, r);
	r->dlfo_flags = 0;
	r->dlfo_map_start = (void *)o->map_start;
	r->dlfo_map_end = (void *)o->map_end;
	r->dlfo_link_map = &o->lm;
	r->dlfo_eh_frame = o->eh_frame_hdr ? (void *)(o->lm.l_addr + o->eh_frame_hdr) : NULL;
	return 0;
}
