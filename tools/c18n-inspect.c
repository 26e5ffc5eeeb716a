/*
 * c18n-inspect.c: the tool's entry point: options, the object graph and the compartments.
 *
 * The graph is built the way ld-c18n builds it (rtld/main.c, rtld/load.c): the program, the
 * preloads, then every DT_NEEDED breadth first, found by rtld/search.c's search_library()
 * (linked unchanged, with rtld/util.c); a trusted-base name resolves to the host's copy, whose
 * own DT_NEEDED are not followed; an object is loaded once (soname, name, alias, dev/inode).
 * Compartments follow rtld/compartment.c: 0 [RTLD], 1 [TCB], then one per object in load
 * order named by DT_SONAME, else the file's basename (the program by its basename), unless a
 * policy file (read by the loader's rtld/policy.c) groups libraries.
 *
 * Must stay true:
 *  - The definitions below of obj_main, rtld_opts and thread_self() are the only loader state
 *    search.c, util.c and policy.c need; nothing else from rtld/ is linked.
 *  - tcb_names and interposed_names are copies of rtld/host.c's lists (tests/inspect checks).
 */
#include "inspect.h"
#include "policy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the loader state search.c and util.c use ---- */
struct obj *obj_main;
struct rtld_opts rtld_opts = { .debug_fd = 2 };
static struct c18n_thread tool_thread;
struct c18n_thread *thread_self(void) { return &tool_thread; }

/* ---- copies of rtld/host.c's lists ---- */
static const char *const tcb_names[] = {
	"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
	"libutil.so.1", "libresolv.so.2", "libanl.so.1", "libmvec.so.1",
	"ld-linux-x86-64.so.2", "libBrokenLocale.so.1", "libthread_db.so.1",
	"libc_malloc_debug.so.0", "libnsl.so.1", "libgcc_s.so.1",
};
static const char *const interposed_names[] = {
	"pthread_attr_setstacksize", "pthread_attr_getstacksize", "dlopen", "dlmopen", "dlsym",
	"dlvsym", "dladdr", "dladdr1", "dlinfo", "dlclose", "dlerror", "dl_iterate_phdr",
	"_dl_find_object", "__tls_get_addr", "__libc_start_main",
};

int tool_is_tcb_name(const char *name)
{
	const char *b = tool_base_name(name);
	for (size_t i = 0; i < ARRAY_SIZE(tcb_names); i++)
		if (!strcmp(b, tcb_names[i]))
			return 1;
	return 0;
}

const char *tool_interposed(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(interposed_names); i++)
		if (!strcmp(name, interposed_names[i]))
			return interposed_names[i];
	return NULL;
}

/* ---- small helpers ---- */
char **tool_errors;
size_t ntool_errors;
size_t nmissing_libs;

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, TOOL_NAME ": out of memory\n");
		exit(1);
	}
	return p;
}
void *xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p) {
		fprintf(stderr, TOOL_NAME ": out of memory\n");
		exit(1);
	}
	return p;
}
void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, TOOL_NAME ": out of memory\n");
		exit(1);
	}
	return p;
}
char *xstrdup(const char *s) { return strcpy(xmalloc(strlen(s) + 1), s); }

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s) {
		fprintf(stderr, TOOL_NAME ": out of memory\n");
		exit(1);
	}
	return s;
}

const char *tool_base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

void tool_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s;
	if (vasprintf(&s, fmt, ap) < 0)
		s = xstrdup(fmt);
	va_end(ap);
	fprintf(stderr, TOOL_NAME ": %s\n", s);
	tool_errors = xrealloc(tool_errors, (ntool_errors + 1) * sizeof *tool_errors);
	tool_errors[ntool_errors++] = s;
}

void tool_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, TOOL_NAME ": ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- objects and compartments ---- */
struct iobj **objs;
size_t nobjs;
struct icomp **comps;
size_t ncomps;
static struct search_ctx host_search; /* how the system loader finds the trusted base */
const char *const *debug_roots;
size_t ndebug_roots;

static struct icomp *ins_comp_new(const char *name, int trusted)
{
	struct icomp *c = xcalloc(1, sizeof *c);
	c->id = (int)ncomps;
	c->name = xstrdup(name);
	c->trusted = trusted;
	comps = xrealloc(comps, (ncomps + 1) * sizeof *comps);
	comps[ncomps++] = c;
	return c;
}

struct icomp *ins_comp_rtld(void) { return comps[0]; }

static struct icomp *ins_comp_by_name(const char *name)
{
	for (size_t i = 0; i < ncomps; i++)
		if (!strcmp(comps[i]->name, name))
			return comps[i];
	return NULL;
}

static void ins_comp_add(struct icomp *c, struct iobj *o)
{
	c->objs = xrealloc(c->objs, (c->nobjs + 1) * sizeof *c->objs);
	c->objs[c->nobjs++] = o;
	o->comp = c;
}

/* The compartment a policy's `compartment` block gives o, asked by each of its names. */
static const char *policy_group(const struct iobj *o)
{
	const char *c = NULL;
	if (!policy_loaded())
		return NULL;
	if (o->o.soname)
		c = policy_compartment_for(o->o.soname);
	for (size_t i = 0; !c && i < o->o.naliases; i++)
		c = policy_compartment_for(o->o.aliases[i]);
	return c ? c : policy_compartment_for(o->o.path);
}

/* rtld/compartment.c's comp_assign: the policy's grouping, else a runtime's (rtld/runtime.c) */
static void ins_assign_comp(struct iobj *o)
{
	const char *g = policy_group(o);
	if (o->is_tcb) {
		if (g && strcmp(g, "[TCB]"))
			tool_warn("%s: policy %s puts %s in compartment %s; it stays in [TCB] (the "
				  "host's trusted base)",
				  o->o.path, policy_path(), o->o.name, g);
		ins_comp_add(comps[1], o);
		return;
	}
	if (!g)
		g = comp_runtime_group(&o->o);
	if (g) {
		struct icomp *c = ins_comp_by_name(g);
		if (!c)
			c = ins_comp_new(g, 0);
		if (c == comps[1])
			tool_warn("%s: policy %s makes %s part of the trusted base [TCB]", o->o.path,
				  policy_path(), o->o.name);
		ins_comp_add(c, o);
		return;
	}
	ins_comp_add(ins_comp_new(o->o.name, 0), o);
}

static int ins_find_by_name(const char *name, struct iobj **out)
{
	for (size_t i = 0; i < nobjs; i++) {
		struct obj *o = &objs[i]->o;
		int hit = (o->soname && !strcmp(o->soname, name)) || !strcmp(o->path, name);
		for (size_t k = 0; !hit && k < o->naliases; k++)
			hit = !strcmp(o->aliases[k], name);
		if (hit) {
			*out = objs[i];
			return 1;
		}
	}
	return 0;
}

static void ins_add_alias(struct iobj *io, const char *name)
{
	struct iobj *f;
	if (ins_find_by_name(name, &f) && f == io)
		return;
	struct obj *o = &io->o;
	o->aliases = xrealloc(o->aliases, (o->naliases + 1) * sizeof *o->aliases);
	o->aliases[o->naliases++] = xstrdup(name);
}

static void ins_link_obj(struct iobj *o)
{
	o->order = nobjs;
	objs = xrealloc(objs, (nobjs + 1) * sizeof *objs);
	objs[nobjs++] = o;
	if (nobjs > 1)
		objs[nobjs - 2]->o.next = &o->o;
}

static char *ins_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	char *d = xstrdup(path);
	d[slash - path] = 0;
	return d;
}

static struct iobj *ins_open_at(const char *path, int fd, int is_main)
{
	char *err = NULL;
	struct iobj *o = iobj_open(path, fd, is_main, &err);
	if (!o) {
		tool_error("%s", err);
		free(err);
		nmissing_libs += !is_main;
		return NULL;
	}
	o->o.origin = ins_dir_of(path);
	return o;
}

/* rtld/load.c's load_library. */
static struct iobj *ins_load_library(const char *name, struct iobj *req)
{
	if (tool_is_tcb_name(name)) {
		for (size_t i = 0; i < nobjs; i++)
			if (objs[i]->is_tcb && objs[i]->o.soname &&
			    !strcmp(objs[i]->o.soname, tool_base_name(name)))
				return objs[i];
		char *path;
		int fd = search_library(&host_search, tool_base_name(name), NULL, &path, NULL);
		if (fd < 0) {
			tool_error("%s: cannot find trusted-base library: %s", name, rtld_last_error());
			nmissing_libs++;
			return NULL;
		}
		struct iobj *o = ins_open_at(path, fd, 0);
		rtld_free(path);
		if (!o)
			return NULL;
		o->is_tcb = 1;
		o->o.flags |= OBJ_HOST;
		if (!o->o.name)
			o->o.name = xstrdup(o->o.soname ? o->o.soname : tool_base_name(o->o.path));
		ins_link_obj(o);
		ins_assign_comp(o);
		return o;
	}
	struct iobj *f;
	if (ins_find_by_name(name, &f))
		return f;
	char *path;
	int fd = search_library(&rtld_search, name, req ? &req->o : NULL, &path, NULL);
	if (fd < 0) {
		tool_error("%s: error while loading shared libraries: %s",
			   req ? req->o.path : "preload", rtld_last_error());
		nmissing_libs++;
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) == 0)
		for (size_t i = 0; i < nobjs; i++)
			if (!objs[i]->is_tcb && objs[i]->o.dev == st.st_dev &&
			    objs[i]->o.ino == st.st_ino) {
				close(fd);
				rtld_free(path);
				ins_add_alias(objs[i], name);
				return objs[i];
			}
	struct iobj *o = ins_open_at(path, fd, 0);
	rtld_free(path);
	if (!o)
		return NULL;
	o->o.dev = st.st_dev;
	o->o.ino = st.st_ino;
	o->o.name = xstrdup(o->o.soname ? o->o.soname : tool_base_name(o->o.path));
	o->o.loader = req ? &req->o : NULL;
	ins_link_obj(o);
	ins_add_alias(o, name); /* before grouping: a policy may name the library as it was needed */
	ins_assign_comp(o);
	return o;
}

/* rtld/load.c's load_all_deps: breadth first over the list as it grows. */
static void ins_load_all_deps(void)
{
	for (size_t i = 0; i < nobjs; i++) {
		struct iobj *o = objs[i];
		if (o->is_tcb)
			continue;
		for (size_t k = 0; k < o->o.nneeded; k++) {
			if (o->o.needed[k].obj)
				continue;
			struct iobj *d = ins_load_library(o->o.needed[k].name, o);
			if (d)
				o->o.needed[k].obj = &d->o;
		}
	}
}


static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " TOOL_NAME " [OPTION]... PROGRAM\n"
		"Show the compartments ld-c18n would make for PROGRAM, every cross-compartment\n"
		"import, and the hazards at each boundary (stack-passed arguments, variadic\n"
		"functions, callbacks, shared globals, TLS, setjmp/longjmp, signal handlers).\n\n"
		"  --json                 one JSON document on standard output\n"
		"  --library-path PATH    search PATH (colon separated) first, as ld-c18n does;\n"
		"                         overrides LD_C18N_LIBRARY_PATH\n"
		"  --preload LIST         libraries loaded before the program's (ld-c18n --preload);\n"
		"                         overrides LD_C18N_PRELOAD\n"
		"  --policy FILE          group libraries into compartments with the 'compartment'\n"
		"                         blocks of a c18n.policy(5) file; overrides LD_C18N_POLICY\n"
		"  --debug-dir DIR        look for separate debug files under DIR before\n"
		"                         /usr/lib/debug (repeatable)\n"
		"  -v, --verbose          list every import, also those into [TCB] and [RTLD]\n"
		"  --help                 print this help and exit\n"
		"  --version              print the version and exit\n\n"
		"Exit status: 0 when the report is complete, 2 when ld-c18n could not start the\n"
		"program (missing library, undefined symbol; the report covers what was found),\n"
		"1 on usage errors or when PROGRAM cannot be read.\n");
}

int main(int argc, char **argv)
{
	struct report_opts ro = { 0 };
	const char *libpath = getenv("LD_C18N_LIBRARY_PATH");
	const char *preload = getenv("LD_C18N_PRELOAD");
	const char *policy_file = getenv("LD_C18N_POLICY");
	const char **roots = NULL;
	size_t nroots = 0;
	const char *dbg = getenv("LD_C18N_DEBUG");
	if (dbg && (strstr(dbg, "libs") || strstr(dbg, "all")))
		rtld_opts.debug |= DBG_LIBS;
	int i;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-')
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		const char *eq = strchr(a, '=');
		size_t alen = eq ? (size_t)(eq - a) : strlen(a);
		const char *val = NULL;
#define IS(name) (alen == strlen(name) && !strncmp(a, name, alen))
#define NEEDS_ARG()                                                                        \
	do {                                                                               \
		if (eq)                                                                    \
			val = eq + 1;                                                      \
		else if (i + 1 < argc)                                                     \
			val = argv[++i];                                                   \
		else {                                                                     \
			fprintf(stderr, TOOL_NAME ": option '%s' requires an argument\n", a); \
			return 1;                                                          \
		}                                                                          \
	} while (0)
		if (IS("--json")) {
			ro.json = 1;
		} else if (IS("-v") || IS("--verbose")) {
			ro.verbose = 1;
		} else if (IS("--library-path")) {
			NEEDS_ARG();
			libpath = val;
		} else if (IS("--preload")) {
			NEEDS_ARG();
			preload = val;
		} else if (IS("--policy")) {
			NEEDS_ARG();
			policy_file = val;
		} else if (IS("--debug-dir")) {
			NEEDS_ARG();
			roots = xrealloc(roots, (nroots + 1) * sizeof *roots);
			roots[nroots++] = val;
		} else if (IS("--help") || IS("-h")) {
			usage(stdout);
			return 0;
		} else if (IS("--version")) {
			printf(TOOL_NAME " (ld-c18n) " C18N_VERSION "\n");
			return 0;
		} else {
			fprintf(stderr, TOOL_NAME ": unrecognized option '%s'\n", a);
			usage(stderr);
			return 1;
		}
	}
	if (i != argc - 1) {
		usage(stderr);
		return 1;
	}
	roots = xrealloc(roots, (nroots + 1) * sizeof *roots);
	roots[nroots++] = "/usr/lib/debug";
	debug_roots = roots;
	ndebug_roots = nroots;
	rtld_pagesize = getpagesize();
	elf_version(EV_CURRENT);

	if (policy_file && *policy_file) {
		if (policy_load(policy_file) < 0) {
			fprintf(stderr, TOOL_NAME ": %s\n", rtld_last_error());
			return 1;
		}
	}
	rtld_search.library_path = libpath && *libpath ? libpath : NULL;
	host_search = rtld_search;
	host_search.library_path = getenv("LD_LIBRARY_PATH");

	ins_comp_new("[RTLD]", 1);
	ins_comp_new("[TCB]", 1);

	char *progpath = search_program(argv[i]);
	int fd = open(progpath, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, TOOL_NAME ": %s: cannot open program: %s\n", progpath,
			strerror(errno));
		return 1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, TOOL_NAME ": %s: not a regular file\n", progpath);
		return 1;
	}
	struct iobj *m = ins_open_at(progpath, fd, 1);
	if (!m)
		return 1;
	m->o.flags |= OBJ_MAIN;
	m->o.dev = st.st_dev;
	m->o.ino = st.st_ino;
	m->o.name = xstrdup(tool_base_name(progpath));
	obj_main = &m->o;
	ins_link_obj(m);
	ins_assign_comp(m);

	if (preload && *preload) {
		for (const char *p = preload; *p;) {
			size_t n = strcspn(p, " :");
			if (n) {
				char *name = xasprintf("%.*s", (int)n, p);
				struct iobj *o = ins_load_library(name, m);
				if (o)
					o->o.flags |= OBJ_PRELOAD;
				free(name);
			}
			p += n;
			while (*p == ' ' || *p == ':')
				p++;
		}
	}
	ins_load_all_deps();
	for (size_t k = 0; k < nobjs; k++)
		iobj_find_debug(objs[k]);

	ro.program = progpath;
	ro.policy = policy_loaded() ? policy_file : NULL;
	report_analyze();
	report_print(stdout, &ro);
	if (fflush(stdout) != 0)
		return 1;
	for (size_t k = 0; k < nobjs; k++)
		dw_close(objs[k]);
	return report_nerrors() ? 2 : 0;
}
