/*
 * main.c: start-up.  ld-c18n is an ordinary program started by the system loader; it maps the
 * program and every non-trusted library itself, relocates them, and hands off to the
 * program's entry point on the original process stack with auxv patched in place.
 *
 * Must stay true:
 *  - Before hand-off nothing uses stdio or leaves glibc malloc state that the program could
 *    trip over; loader memory comes from util.c's arena.
 *  - Start-up errors are reported all at once (every missing library, every undefined
 *    symbol), then the loader exits with status 127.
 *  - Command-line options win over the environment.
 */
#include "rtld.h"
#include "policy.h"
#include "iso.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <unistd.h>

extern int rtld_startup, rtld_startup_errors;
struct obj **init_order(struct obj **roots, size_t nroots, size_t *n);
struct obj *host_self(void);

static void usage(int fd)
{
	rtld_dprintf(fd,
		     "Usage: " RTLD_NAME " [OPTION]... PROGRAM [ARGUMENT]...\n"
		     "Run PROGRAM with each of its shared libraries in its own compartment.\n\n"
		     "  --library-path PATH   search PATH (colon separated) for libraries first;\n"
		     "                        overrides LD_C18N_LIBRARY_PATH\n"
		     "  --preload LIST        load the libraries in LIST (space or colon separated)\n"
		     "                        before the program's; overrides LD_C18N_PRELOAD\n"
		     "  --argv0 NAME          set argv[0] of the program to NAME\n"
		     "  --followed            (given by ld-c18n to programs it runs for an exec:\n"
		     "                        trace and statistics files are appended to)\n"
		     "  --trace[=DEST]        trace every compartment transition to DEST (a file,\n"
		     "                        or stderr, the default); overrides LD_C18N_TRACE\n"
		     "  --stats[=PATH]        write transition statistics (JSON) to PATH at exit\n"
		     "                        (default stderr); overrides LD_C18N_STATS\n"
		     "  --policy FILE         compartment policy (c18n.policy(5)); overrides\n"
		     "                        LD_C18N_POLICY\n"
		     "  --isolate[=MODE]      memory isolation between compartments (c18n(7)):\n"
		     "                        enforce (the default MODE) or audit; overrides\n"
		     "                        LD_C18N_ISOLATE\n"
		     "  --no-compartments     run as a plain loader: no trampolines between\n"
		     "                        libraries (same as LD_C18N_DISABLE=1)\n"
		     "  --bind-now            bind every function at start-up (no lazy binding);\n"
		     "                        same as LD_C18N_BIND_NOW=1\n"
		     "  --list                list the objects the program loads, with their path,\n"
		     "                        load address and compartment, and exit\n"
		     "  --help                print this help and exit\n"
		     "  --version             print the version and exit\n\n"
		     "Environment variables (LD_C18N_DEBUG=help lists the debug categories):\n");
	env_print_table(fd);
}

static void list_objects(void)
{
	for (struct obj *o = obj_list; o; o = o->next) {
		rtld_dprintf(1, "\t%s => %s (0x%016lx) [%s]\n", o->flags & OBJ_MAIN ? o->name : o->name,
			     o->path, (unsigned long)(o->flags & OBJ_HOST ? o->lm.l_addr : o->map_start),
			     o->comp ? o->comp->name : "?");
	}
}

static void patch_auxv(char **envp, struct obj *m, const char *execfn)
{
	char **e = envp;
	while (*e)
		e++;
	for (ElfW(auxv_t) *a = (ElfW(auxv_t) *)(e + 1); a->a_type != AT_NULL; a++) {
		switch (a->a_type) {
		case AT_PHDR: a->a_un.a_val = (uintptr_t)m->phdr; break;
		case AT_PHNUM: a->a_un.a_val = m->phnum; break;
		case AT_ENTRY: a->a_un.a_val = m->entry; break;
		case AT_EXECFN: a->a_un.a_val = (uintptr_t)execfn; break;
		default: break;
		}
	}
}

static int has_interp(const struct obj *o)
{
	for (size_t i = 0; i < o->phnum; i++)
		if (o->phdr[i].p_type == PT_INTERP)
			return 1;
	return 0;
}

/* The loader's main is ld_c18n_main: the C runtime's `main' is an alias, and the link strips
 * that name from the symbol table (Makefile), so that a debugger's `break main' means the
 * program's main (README "Debugging"). */
int ld_c18n_main(int argc, char **argv, char **envp);

/* The program's own TLS is aligned beyond this build's thread pointer, and its local-exec
 * code needs its block at a fixed distance from it: run ld-c18n-tls64k instead (the build
 * whose thread pointer is aligned to C18N_TLS_ALIGN_MAX, beside this one) with the same
 * arguments and environment. */
static void run_tls_build(struct obj *m, char **argv, char **envp)
{
	if (m->tls_align > C18N_TLS_ALIGN_MAX || tls_static_align() >= C18N_TLS_ALIGN_MAX)
		rtld_fatal("%s: TLS alignment %zu exceeds the supported %d", m->path, m->tls_align,
			   C18N_TLS_ALIGN_MAX);
	static const char variant[] = "ld-c18n-tls64k";
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - sizeof variant);
	char *slash = n > 0 ? memchr(self, '/', (size_t)n) : NULL;
	if (slash) {
		self[n] = 0;
		slash = strrchr(self, '/');
		memcpy(slash + 1, variant, sizeof variant);
		DEBUG(DBG_TLS, "%s: TLS aligned to %zu: running %s", m->path, m->tls_align, self);
		execve(self, argv, envp);
	}
	rtld_fatal("%s: TLS alignment %zu needs %s, which cannot run: %s", m->path, m->tls_align,
		   slash ? self : variant, strerror(errno));
}
int main(int argc, char **argv, char **envp) __attribute__((alias("ld_c18n_main")));

int ld_c18n_main(int argc, char **argv, char **envp)
{
	rtld_pagesize = getpagesize();
	unsigned long long t_start = rtld_now_ns();
	long flt_start = rtld_minflt();
	env_init(envp);
	int i;
	const char *opt_libpath = NULL, *opt_preload = NULL;
	int bind_now = 0, no_comp = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || a[1] != '-')
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		const char *val = NULL;
		const char *eq = strchr(a, '=');
		size_t alen = eq ? (size_t)(eq - a) : strlen(a);
#define IS(name) (alen == strlen(name) && !strncmp(a, name, alen))
#define NEEDS_ARG()                                                                       \
	do {                                                                              \
		if (eq)                                                                   \
			val = eq + 1;                                                     \
		else if (i + 1 < argc)                                                    \
			val = argv[++i];                                                  \
		else                                                                      \
			rtld_fatal("option '%s' requires an argument", a);                \
	} while (0)
		if (IS("--library-path")) {
			NEEDS_ARG();
			opt_libpath = val;
		} else if (IS("--preload")) {
			NEEDS_ARG();
			opt_preload = val;
		} else if (IS("--argv0")) {
			NEEDS_ARG();
			rtld_opts.argv0 = val;
		} else if (IS("--trace")) {
			rtld_opts.trace = eq ? eq + 1 : "stderr";
		} else if (IS("--stats")) {
			rtld_opts.stats = eq ? eq + 1 : "stderr";
		} else if (IS("--policy")) {
			NEEDS_ARG();
			rtld_opts.policy = val;
		} else if (IS("--isolate")) {
			int mode = iso_parse_mode(eq ? eq + 1 : "enforce");
			if (mode < 0 || (eq && !eq[1]))
				rtld_fatal("--isolate: unknown mode '%s' (audit or enforce)",
					   eq ? eq + 1 : "");
			iso_mode = mode;
		} else if (IS("--no-compartments")) {
			no_comp = 1;
		} else if (IS("--bind-now")) {
			bind_now = 1;
		} else if (IS("--followed")) {
			follow_child = 1;
		} else if (IS("--list")) {
			rtld_opts.list = 1;
		} else if (IS("--help")) {
			usage(1);
			return 0;
		} else if (IS("--version")) {
			rtld_dprintf(1, RTLD_NAME " " C18N_VERSION "\n");
			return 0;
		} else if (IS("--env-table")) {
			env_print_table(1);
			return 0;
		} else {
			rtld_dprintf(2, "%s: unrecognized option '%s'\n", RTLD_NAME, a);
			usage(2);
			return 127;
		}
	}
	if (opt_libpath)
		rtld_opts.library_path = opt_libpath;
	if (opt_preload)
		rtld_opts.preload = opt_preload;
	if (bind_now)
		rtld_opts.bind_now = 1;
	if (no_comp)
		tramp_enabled = 0;
	if (i >= argc) {
		usage(2);
		return 127;
	}
	rtld_search.library_path = rtld_opts.library_path;
	const char *platform = (const char *)getauxval(AT_PLATFORM);
	if (platform)
		rtld_search.platform = platform;

	arch_lazy_init();
	/* (the first fork handler registered: its prepare runs last, right before the fork) */
	if (rtld_lock_init() < 0 || tls_init() < 0)
		rtld_fatal("%s", rtld_last_error());
	if (rtld_opts.policy) {
		if (policy_load(rtld_opts.policy) < 0)
			rtld_fatal("%s", rtld_last_error());
		/* bind every function now, so that a call the policy forbids stops the program
		 * before it starts rather than at the call */
		rtld_opts.bind_now = 1;
	}
	if (tramp_enabled && (rtld_opts.trace || rtld_opts.stats) &&
	    trace_init(rtld_opts.trace, rtld_opts.trace_format, rtld_opts.stats) < 0)
		rtld_fatal("%s", rtld_last_error());
	if (tramp_enabled && tramp_init() < 0)
		rtld_fatal("%s", rtld_last_error());
	if (iso_init() < 0)
		rtld_fatal("%s", rtld_last_error());
	if (host_init() < 0)
		rtld_fatal("%s", rtld_last_error());
	comp_init();

	/* the program */
	char *progpath = search_program(argv[i]);
	rtld_progname = rtld_opts.argv0 ? rtld_opts.argv0 : argv[i];
	follow_init(argv + 1, i - 1, progpath);
	/* the process's name (/proc/self/comm, ps, top) is the program's, as the kernel would
	 * have set it from the file executed: not ld-c18n's */
	const char *base = strrchr(progpath, '/');
	prctl(PR_SET_NAME, (unsigned long)(base ? base + 1 : progpath), 0, 0, 0);
	int fd = open(progpath, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		rtld_fatal("%s: cannot open program: %s", progpath, strerror(errno));
	struct obj *m = obj_map(progpath, fd, 1, NULL);
	close(fd);
	if (!m)
		rtld_fatal("%s", rtld_last_error());
	m->flags |= OBJ_MAIN;
	if (m->tls_memsz && m->tls_align > tls_static_align())
		run_tls_build(m, argv, envp);
	m->lm.l_name = (char *)""; /* as glibc: the program's link_map name is empty */
	if (!m->dynamic || !has_interp(m))
		rtld_fatal("%s: not a dynamically linked program", progpath);
	if (obj_parse_dynamic(m) < 0)
		rtld_fatal("%s", rtld_last_error());
	if (!m->entry)
		rtld_fatal("%s: program has no entry point", progpath);
	const char *slash = strrchr(progpath, '/');
	m->name = rtld_strdup(slash ? slash + 1 : progpath);
	obj_main = m;
	obj_link(m);
	comp_assign(m);
	DEBUG(DBG_FILES, "program=%s base 0x%lx entry 0x%lx", m->path, (unsigned long)m->lm.l_addr,
	      (unsigned long)m->entry);

	/* preloads, then everything the program needs, breadth first */
	int failed = 0;
	if (rtld_opts.preload) {
		const char *p = rtld_opts.preload;
		while (*p) {
			size_t n = strcspn(p, " :");
			if (n) {
				char *name = rtld_strndup(p, n);
				int is_new;
				struct obj *o = load_library(name, m, &is_new);
				if (!o) {
					rtld_dprintf(2, "%s: error while loading shared libraries: %s\n",
						     rtld_progname, rtld_last_error());
					failed = 1;
				} else {
					o->flags |= OBJ_PRELOAD;
				}
			}
			p += n;
			while (*p == ' ' || *p == ':')
				p++;
		}
	}
	if (load_all_deps(m, 1) < 0 || failed)
		_exit(127);
	unsigned long long t_loaded = rtld_now_ns();
	long flt_loaded = rtld_minflt();

	/* global scope: load order (program, preloads, breadth-first dependencies) */
	for (struct obj *o = obj_list; o; o = o->next)
		scope_add_global(o);
	for (struct obj *o = obj_list; o; o = o->next)
		if (!(o->flags & OBJ_HOST))
			obj_build_local_scope(o);

	if (rtld_opts.list) {
		list_objects();
		return 0;
	}

	for (struct obj *o = obj_list; o; o = o->next)
		if (!(o->flags & OBJ_HOST) && tls_setup_static(o, 0) < 0)
			rtld_fatal("%s", rtld_last_error());

	/* relocate dependencies first, the program last (preloads and their dependencies too) */
	size_t n, nroots = 1;
	struct obj **roots = rtld_alloc(sizeof *roots);
	roots[0] = m; /* (the search list: the program, its preloads, then their dependencies) */
	for (struct obj *o = obj_list; o; o = o->next)
		if (o->flags & OBJ_PRELOAD) {
			roots = rtld_realloc_array(roots, nroots, nroots + 1, sizeof *roots);
			roots[nroots++] = o;
		}
	struct obj **order = init_order(roots, nroots, &n);
	size_t entries0 = tramp_count();
	dbg_check_tracer(); /* (a debugger's lazy stubs are made by relocation) */
	tramp_batch_begin();
	for (size_t k = 0; k < n; k++)
		if (reloc_object(order[k], 1) < 0 && !rtld_startup_errors)
			rtld_fatal("%s", rtld_last_error());
	tramp_batch_end();
	if (rtld_startup_errors)
		_exit(127);
	rtld_free(order);
	for (struct obj *o = obj_list; o; o = o->next)
		if (reloc_apply_relro(o) < 0)
			rtld_fatal("%s", rtld_last_error());
	host_apply_interposition();
	dbg_publish();
	for (struct obj *o = obj_list; o; o = o->next)
		iso_add_object(o);
	tls_commit_image();
	for (struct obj *o = obj_list; o; o = o->next)
		tls_init_current_thread(o);
	rtld_startup = 0;
	thread_self()->cur_comp = m->comp->id; /* the main thread starts in the program */
	if (rtld_opts.debug & DBG_STATISTICS) {
		unsigned long long t_reloc = rtld_now_ns();
		size_t nobj = 0;
		for (struct obj *o = obj_list; o; o = o->next)
			nobj += !(o->flags & OBJ_HOST);
		long flt = rtld_minflt();
		rtld_debug(DBG_STATISTICS, "start-up: %.3f ms: loading %.3f ms (%zu objects, %zu "
			   "compartments, %ld page faults), relocation %.3f ms (%zu symbol lookups "
			   "searching %zu objects, %zu self-references, %zu trampoline entries, "
			   "%ld page faults)",
			   (double)(t_reloc - t_start) / 1e6, (double)(t_loaded - t_start) / 1e6,
			   nobj, ncompartments, flt_loaded - flt_start,
			   (double)(t_reloc - t_loaded) / 1e6, symlook_nlookups, symlook_nprobes,
			   symlook_nself,
			   tramp_count() - entries0, flt - flt_loaded);
	}

	/* hand-off: argv[i] becomes the program's argv[0] */
	long *sp = (long *)argv - 1 + i;
	*sp = argc - i;
	if (rtld_opts.argv0)
		argv[i] = (char *)rtld_opts.argv0;
	patch_auxv(envp, m, rtld_strdup(progpath));
	sp = iso_handoff_stack(sp);
	iso_start(m, (uintptr_t)sp);
	if (seccomp_start() < 0) /* (last: the loader's own system calls are all made) */
		rtld_fatal("%s", rtld_last_error());
	dbg_fatal_init(trace_buffered());
	DEBUG(DBG_FILES, "transferring control: %s", m->path);
	arch_handoff((void *)m->entry, sp, NULL);
}
