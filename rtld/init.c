/*
 * init.c: initialisers, finalisers and the __libc_start_main shim.
 *
 * Order, as glibc: the program's DT_PREINIT_ARRAY, then each library's DT_INIT and
 * DT_INIT_ARRAY with dependencies first, then the program's own (or __libc_csu_init for
 * binaries built against glibc < 2.34).  Finalisers run in the reverse of the order in which
 * initialisers completed: at exit (registered with __cxa_atexit after the libraries'
 * initialisers and before the program's, exactly where glibc registers _dl_fini) and on
 * dlclose.
 *
 * Must stay true: an object's initialisers run at most once and its finalisers only if its
 * initialisers ran; the loader lock is not held while user code runs... except that dlopen's
 * initialisers run under the recursive loader lock, as glibc's do.
 */
#include "rtld.h"
#include "iso.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rtld_argc;
char **rtld_argv;
static char **rtld_envp;

/* objects whose initialisers have run, in completion order */
static struct obj **done;
static size_t ndone, capdone;

typedef void (*initfn)(int, char **, char **);
typedef void (*finifn)(void);

/* Initialisers and finalisers run in their object's compartment: called through its entry. */
static ElfW(Addr) in_comp(struct obj *o, ElfW(Addr) f, const char *what)
{
	if (!tramp_enabled || !o->comp || o->comp->trusted)
		return f;
	/* An init_array slot relocated against an exported function already holds its entry.
	 * Entries lie outside every object's segments: a function of o's own (the usual case)
	 * is known not to be one without asking tramp_is_entry, which searches every object's
	 * entry pages (a program with 1,000 libraries asked it 1,000 times per library). */
	if (!(f >= o->lm.l_addr && obj_in_load(o, f - o->lm.l_addr, 1)) && tramp_is_entry(f))
		return f;
	rtld_lock();
	const char *name = tramp_entry_name(o, f);
	/* DT_INIT/DT_FINI keep their conventional names; unnamed array entries are "?" */
	f = tramp_entry_regs(f, o->comp, name ? name : what[0] == '<' ? "?" : what, o);
	rtld_unlock();
	return f;
}

/* Make the entries of the initialisers (or finalisers) of list[0..n) in one batch, so their
 * descriptor pages are sealed once rather than once per function; in_comp then finds them. */
static void prepare_entries(struct obj **list, size_t n, int fini)
{
	if (!tramp_enabled)
		return;
	tramp_batch_begin();
	for (size_t i = 0; i < n; i++) {
		struct obj *o = list[i];
		if (o->flags & OBJ_HOST)
			continue;
		if (!fini && !(o->flags & (OBJ_INIT_STARTED | OBJ_MAIN))) {
			if (o->init)
				in_comp(o, o->lm.l_addr + o->init, "_init");
			for (size_t j = 0; j < o->init_arraysz / sizeof(ElfW(Addr)); j++) {
				ElfW(Addr) f = o->init_array[j];
				if (f && f != (ElfW(Addr))-1)
					in_comp(o, f, "<init_array>");
			}
		}
		if (fini && (o->flags & OBJ_INIT_DONE) && !(o->flags & OBJ_FINI_DONE)) {
			for (size_t j = 0; j < o->fini_arraysz / sizeof(ElfW(Addr)); j++) {
				ElfW(Addr) f = o->fini_array[j];
				if (f && f != (ElfW(Addr))-1)
					in_comp(o, f, "<fini_array>");
			}
			if (o->fini)
				in_comp(o, o->lm.l_addr + o->fini, "_fini");
		}
	}
	tramp_batch_end();
}

static void run_init(struct obj *o)
{
	if (o->flags & (OBJ_INIT_STARTED | OBJ_HOST))
		return;
	o->flags |= OBJ_INIT_STARTED;
	DEBUG(DBG_INIT, "calling init: %s", o->path);
	if (o->init)
		((initfn)in_comp(o, o->lm.l_addr + o->init, "_init"))(rtld_argc, rtld_argv,
								      rtld_envp);
	for (size_t i = 0; i < o->init_arraysz / sizeof(ElfW(Addr)); i++) {
		ElfW(Addr) f = o->init_array[i];
		if (f && f != (ElfW(Addr))-1)
			((initfn)in_comp(o, f, "<init_array>"))(rtld_argc, rtld_argv, rtld_envp);
	}
	o->flags |= OBJ_INIT_DONE;
	if (ndone == capdone) {
		size_t nc = capdone ? capdone * 2 : 32;
		done = rtld_realloc_array(done, capdone, nc, sizeof *done);
		capdone = nc;
	}
	done[ndone++] = o;
}

/* glibc 2.36's order (_dl_sort_maps, its depth-first variant), so that constructors run as
 * they do natively, cycles included: the search list -- the roots, then breadth first each
 * one's DT_NEEDED objects -- is walked from its end; an object not yet seen is searched depth
 * first through its DT_NEEDED list in order (never into the first root) and then placed in
 * front of everything placed so far; the first root is moved to the front.  Initialisers run
 * from the end of that list to its start, which is the order returned (dependencies first);
 * relocation follows the same order, as glibc's does.  Objects of the trusted base and
 * objects whose initialisers have started are left out. */
static int init_skip(const struct obj *o)
{
	return !o || (o->flags & (OBJ_INIT_LISTED | OBJ_HOST | OBJ_INIT_STARTED));
}

/* Depth first from o through the listed objects (OBJ_INIT_LISTED) not yet seen, never into
 * first; o goes in front of what rpo[*head..] holds. */
static void sort_dfs(struct obj *o, const struct obj *first, struct obj **rpo, size_t *head)
{
	o->flags |= OBJ_SORT_SEEN;
	for (size_t i = 0; i < o->nneeded; i++) {
		struct obj *d = o->needed[i].obj;
		if (d && d != first && (d->flags & OBJ_INIT_LISTED) && !(d->flags & OBJ_SORT_SEEN))
			sort_dfs(d, first, rpo, head);
	}
	rpo[--*head] = o;
}

/* list[0..len) (marked OBJ_INIT_LISTED) in glibc's depth-first order, dependents first;
 * first (or NULL) moved to the front.  The marks are cleared. */
static void sort_maps(struct obj **list, size_t len, const struct obj *first)
{
	struct obj **rpo = rtld_alloc((len ? len : 1) * sizeof *rpo);
	size_t head = len;
	for (size_t i = len; i-- > 0;)
		if (!(list[i]->flags & OBJ_SORT_SEEN))
			sort_dfs(list[i], first, rpo, &head);
	for (size_t i = 0; i < len; i++)
		list[i]->flags &= ~(OBJ_SORT_SEEN | OBJ_INIT_LISTED);
	size_t k = 0;
	while (first && k < len && rpo[k] != first)
		k++;
	if (first && k < len) {
		for (; k > 0; k--)
			rpo[k] = rpo[k - 1];
		rpo[0] = (struct obj *)first;
	}
	memcpy(list, rpo, len * sizeof *list);
	rtld_free(rpo);
}

struct obj **init_order(struct obj **roots, size_t nroots, size_t *n)
{
	size_t len = 0, cap = nroots + 16;
	struct obj **list = rtld_alloc(cap * sizeof *list);
	for (size_t i = 0; i < nroots; i++)
		if (!init_skip(roots[i])) {
			roots[i]->flags |= OBJ_INIT_LISTED;
			list[len++] = roots[i];
		}
	for (size_t i = 0; i < len; i++)
		for (size_t j = 0; j < list[i]->nneeded; j++) {
			struct obj *d = list[i]->needed[j].obj;
			if (init_skip(d))
				continue;
			if (len == cap) {
				list = rtld_realloc_array(list, cap, cap * 2, sizeof *list);
				cap *= 2;
			}
			d->flags |= OBJ_INIT_LISTED;
			list[len++] = d;
		}
	sort_maps(list, len, len ? list[0] : NULL);
	/* reversed: dependencies first */
	for (size_t i = 0; i < len / 2; i++) {
		struct obj *x = list[i];
		list[i] = list[len - 1 - i];
		list[len - 1 - i] = x;
	}
	*n = len;
	return list;
}

struct init_list {
	struct obj **list;
	size_t n;
};

static void init_list_cb(void *arg)
{
	struct init_list *l = arg;
	for (size_t i = 0; i < l->n; i++)
		if (!(l->list[i]->flags & OBJ_MAIN))
			run_init(l->list[i]);
}

/* Initialisers are called by the loader: from [RTLD], into each object's compartment. */
int init_objects(struct obj **list, size_t n, int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	struct init_list l = { list, n };
	prepare_entries(list, n, 0);
	tramp_run_as_rtld(init_list_cb, &l);
	return 0;
}

void fini_object(struct obj *o)
{
	if (!(o->flags & OBJ_INIT_DONE) || (o->flags & OBJ_FINI_DONE))
		return;
	o->flags |= OBJ_FINI_DONE;
	DEBUG(DBG_INIT, "calling fini: %s", o->path);
	for (size_t i = o->fini_arraysz / sizeof(ElfW(Addr)); i-- > 0;) {
		ElfW(Addr) f = o->fini_array[i];
		if (f && f != (ElfW(Addr))-1)
			((finifn)in_comp(o, f, "<fini_array>"))();
	}
	if (o->fini)
		((finifn)in_comp(o, o->lm.l_addr + o->fini, "_fini"))();
}

/* dlclose: run finalisers of every object not marked OBJ_VISITED (to be unloaded), in the
 * order glibc's dlclose uses: every loaded object, in load order, sorted depth first
 * (sort_maps), dependents before their dependencies, cycles as glibc breaks them. */
static void fini_unmarked_cb(void *arg);
void fini_unmarked(void)
{
	tramp_run_as_rtld(fini_unmarked_cb, NULL);
}

static void fini_unmarked_cb(void *arg)
{
	(void)arg;
	size_t len = 0, cap = 16;
	struct obj **all = rtld_alloc(cap * sizeof *all);
	for (struct obj *o = obj_list; o; o = o->next) {
		if (o->flags & OBJ_HOST)
			continue;
		if (len == cap) {
			all = rtld_realloc_array(all, cap, cap * 2, sizeof *all);
			cap *= 2;
		}
		o->flags |= OBJ_INIT_LISTED;
		all[len++] = o;
	}
	sort_maps(all, len, NULL);
	size_t ntodo = 0;
	for (size_t i = 0; i < len; i++)
		if (!(all[i]->flags & OBJ_VISITED) && (all[i]->flags & OBJ_INIT_DONE))
			all[ntodo++] = all[i];
	prepare_entries(all, ntodo, 1);
	/* (a finaliser may dlclose: fini_object runs each once, whatever the order) */
	for (size_t i = 0; i < ntodo; i++)
		if (!(all[i]->flags & OBJ_VISITED))
			fini_object(all[i]);
	rtld_free(all);
}

void init_forget(struct obj *o)
{
	for (size_t i = 0; i < ndone; i++)
		if (done[i] == o) {
			memmove(&done[i], &done[i + 1], (ndone - i - 1) * sizeof *done);
			ndone--;
			return;
		}
}

static void fini_all_rtld(void *arg);
void fini_all(void)
{
	tramp_run_as_rtld(fini_all_rtld, NULL);
}

static void fini_all_rtld(void *arg)
{
	(void)arg;
	prepare_entries(done, ndone, 1);
	/* finalisers may dlclose; walk from the end each time */
	while (ndone) {
		struct obj *o = done[--ndone];
		fini_object(o);
	}
}

static void audit_cb(void *arg)
{
	(void)arg;
	report_summary(2);
}

static void stats_cb(void *arg)
{
	(void)arg;
	trace_write_stats();
	trace_flush_all();
}

static void fini_all_cb(void *arg)
{
	(void)arg;
	fini_all();
}

extern int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);

struct start_args {
	void (*init)(void);
	void (*fini)(void);
	void (*rtld_fini)(void);
};

/* The program's DT_PREINIT_ARRAY, the libraries' initialisers, then the program's, in
 * [RTLD] (called through tramp_run_as_rtld). */
static void start_inits(void *arg)
{
	struct start_args *sa = arg;
	struct obj *m = obj_main;
	m->flags |= OBJ_INIT_STARTED;
	for (size_t i = 0; i < m->preinit_arraysz / sizeof(ElfW(Addr)); i++) {
		ElfW(Addr) f = m->preinit_array[i];
		if (f && f != (ElfW(Addr))-1)
			((initfn)in_comp(m, f, "<preinit_array>"))(rtld_argc, rtld_argv, rtld_envp);
	}
	/* the program's dependencies, then preloaded objects and theirs (glibc's order: the
	 * program's search list is the program, then its preloads) */
	size_t n, nroots = 1;
	struct obj **roots = rtld_alloc(sizeof *roots);
	roots[0] = m;
	for (struct obj *o = obj_list; o; o = o->next)
		if (o->flags & OBJ_PRELOAD) {
			roots = rtld_realloc_array(roots, nroots, nroots + 1, sizeof *roots);
			roots[nroots++] = o;
		}
	m->flags &= ~OBJ_INIT_STARTED;
	struct obj **order = init_order(roots, nroots, &n);
	rtld_free(roots);
	m->flags |= OBJ_INIT_STARTED;
	struct init_list l = { order, n };
	unsigned long long t0 = rtld_now_ns();
	size_t e0 = tramp_count();
	prepare_entries(order, n, 0);
	init_list_cb(&l);
	DEBUG(DBG_STATISTICS, "initialisers: %.3f ms (%zu objects, %zu trampoline entries made)",
	      (double)(rtld_now_ns() - t0) / 1e6, n, tramp_count() - e0);
	rtld_free(order);
	/* As glibc: the finaliser runner is registered after the libraries' initialisers and
	 * before the program's, so atexit handlers registered by library constructors run when
	 * __cxa_finalize runs for that library, and the program's run before any finaliser. */
	__cxa_atexit(fini_all_cb, NULL, NULL);
	if (sa->rtld_fini)
		__cxa_atexit((void (*)(void *))sa->rtld_fini, NULL, NULL);
	if (sa->fini)
		__cxa_atexit((void (*)(void *))sa->fini, NULL, NULL);
	if (sa->init) {
		/* glibc < 2.34: __libc_csu_init runs the program's DT_INIT and init_array */
		((initfn)in_comp(m, (ElfW(Addr))sa->init, "__libc_csu_init"))(rtld_argc, rtld_argv,
									   rtld_envp);
		m->flags |= OBJ_INIT_DONE;
		if (ndone == capdone) {
			size_t nc = capdone ? capdone * 2 : 32;
			done = rtld_realloc_array(done, capdone, nc, sizeof *done);
			capdone = nc;
		}
		done[ndone++] = m;
	} else {
		m->flags &= ~OBJ_INIT_STARTED;
		run_init(m);
	}
}

extern char *program_invocation_name, *program_invocation_short_name;
extern char **__environ;
extern int optind;

int c18n_libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
			 void (*init)(void), void (*fini)(void), void (*rtld_fini)(void),
			 void *stack_end)
{
	(void)stack_end;
	rtld_argc = argc;
	rtld_argv = argv;
	rtld_envp = &argv[argc + 1];
	/* first registered, so it runs last: statistics cover every finaliser */
	if (trace_active())
		__cxa_atexit(stats_cb, NULL, NULL);
	if (iso_mode == ISO_AUDIT)
		__cxa_atexit(audit_cb, NULL, NULL);
	__environ = rtld_envp;
	program_invocation_name = argv[0];
	const char *slash = strrchr(argv[0], '/');
	program_invocation_short_name = slash ? (char *)slash + 1 : argv[0];
	optind = 1;

	struct start_args sa = { init, fini, rtld_fini };
	tramp_run_as_rtld(start_inits, &sa);
	exit(main(argc, argv, rtld_envp));
}
