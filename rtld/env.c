/*
 * env.c: the loader's environment variables, declared once, and LD_C18N_DEBUG categories.
 *
 * Must stay true: every LD_C18N_* variable the loader reads is in env_table, with its set-id
 * behaviour; man/ld-c18n.1 documents exactly these names (tests/docs checks the two agree).
 * Command-line options are applied after env_init() and win over the environment.
 */
#include "rtld.h"
#include "iso.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

struct rtld_opts rtld_opts = { .debug_fd = 2 };

enum setid { SETID_IGNORED, SETID_KEPT };
struct env_var {
	const char *name;
	enum setid setid;
	void (*apply)(const char *value);
	const char *help;
};

static void set_library_path(const char *v) { rtld_opts.library_path = v; }
static void set_preload(const char *v) { rtld_opts.preload = v; }
static void set_disable(const char *v) { tramp_enabled = !(*v && strcmp(v, "0")); }
static void set_follow_exec(const char *v) { follow_exec = strcmp(v, "0") != 0; }
static void set_perf_map(const char *v) { dbg_perf_map = *v && strcmp(v, "0"); }
static void set_policy(const char *v) { rtld_opts.policy = *v ? v : NULL; }
static void set_trace(const char *v) { rtld_opts.trace = *v && strcmp(v, "0") ? v : NULL; }
static void set_trace_format(const char *v) { rtld_opts.trace_format = v; }
static void set_trace_flush(const char *v) { trace_flush_each = *v && strcmp(v, "0"); }
static void set_trace_sample(const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);
	if (!*v || *end || !n)
		rtld_fatal("LD_C18N_TRACE_SAMPLE: '%s' is not a number of calls (1 or more)", v);
	trace_sample = n;
}
static void set_stats(const char *v) { rtld_opts.stats = *v ? v : NULL; }
static void set_stack_window(const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 0);
	if (*v && !*end)
		rtld_opts.stack_window = n;
}
static void set_bind_now(const char *v) { rtld_opts.bind_now = *v != 0; }
static void set_isolate(const char *v)
{
	int m = iso_parse_mode(v);
	if (m < 0)
		rtld_fatal("LD_C18N_ISOLATE: unknown mode '%s' (off, audit or enforce)", v);
	iso_mode = m;
}
static void set_grain(const char *v)
{
	int g = iso_parse_grain(v);
	if (g < 0)
		rtld_fatal("LD_C18N_ISOLATE_GRAIN: unknown grain '%s' (page or byte)", v);
	iso_grain = g;
}
static void set_debug(const char *v)
{
	if (env_parse_debug(v) < 0)
		_exit(0);
}
static void set_debug_output(const char *v)
{
	int fd = open(v, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0)
		rtld_opts.debug_fd = fd;
}

static const struct env_var env_table[] = {
	{ "LD_C18N_LIBRARY_PATH", SETID_IGNORED, set_library_path,
	  "colon-separated directories searched before the system's" },
	{ "LD_C18N_PRELOAD", SETID_IGNORED, set_preload,
	  "libraries (space or colon separated) loaded before the program's own" },
	{ "LD_C18N_BIND_NOW", SETID_KEPT, set_bind_now,
	  "when set to a non-empty value, bind every function at start-up, not on first call" },
	{ "LD_C18N_POLICY", SETID_IGNORED, set_policy,
	  "compartment policy file (c18n.policy(5)): groups, trust lists, export restrictions" },
	{ "LD_C18N_TRACE", SETID_IGNORED, set_trace,
	  "1 or stderr: trace every compartment transition to standard error; else a file" },
	{ "LD_C18N_TRACE_FORMAT", SETID_KEPT, set_trace_format,
	  "text (default) or json: one record per line" },
	{ "LD_C18N_TRACE_FLUSH", SETID_KEPT, set_trace_flush,
	  "1: write each trace record as it is made, not in blocks" },
	{ "LD_C18N_TRACE_SAMPLE", SETID_KEPT, set_trace_sample,
	  "N: record one call in N of each thread (with its return); statistics stay exact" },
	{ "LD_C18N_STATS", SETID_IGNORED, set_stats,
	  "file that receives transition statistics (JSON) at exit" },
	{ "LD_C18N_STACK_WINDOW", SETID_KEPT, set_stack_window,
	  "bytes of stack arguments a call copies when DWARF does not say (default 128, max 1024)" },
	{ "LD_C18N_ISOLATE", SETID_KEPT, set_isolate,
	  "off (default), audit or enforce: memory isolation between compartments (c18n(7))" },
	{ "LD_C18N_ISOLATE_GRAIN", SETID_KEPT, set_grain,
	  "page (default) or byte: how exactly isolation checks an access (c18n(7))" },
	{ "LD_C18N_DISABLE", SETID_KEPT, set_disable,
	  "when set (and not 0), run without compartments: no trampolines, plain loader" },
	{ "LD_C18N_FOLLOW_EXEC", SETID_KEPT, set_follow_exec,
	  "1 (default) or 0: programs the program executes run under ld-c18n too" },
	{ "LD_C18N_PERF_MAP", SETID_IGNORED, set_perf_map,
	  "1: name each entry stub in /tmp/perf-PID.map, for perf report" },
	{ "LD_C18N_DEBUG", SETID_KEPT, set_debug,
	  "comma-separated debug categories; 'help' lists them" },
	{ "LD_C18N_DEBUG_OUTPUT", SETID_IGNORED, set_debug_output,
	  "file that receives debug output instead of standard error" },
};

static const struct {
	const char *name;
	unsigned bit;
	const char *help;
} debug_cats[] = {
	{ "files", DBG_FILES, "objects opened and mapped, with addresses" },
	{ "libs", DBG_LIBS, "library search: every path tried" },
	{ "reloc", DBG_RELOC, "relocation processing per object" },
	{ "symbols", DBG_SYMBOLS, "every symbol lookup and the objects searched" },
	{ "bindings", DBG_BINDINGS, "symbol bindings: referencing object -> definition" },
	{ "init", DBG_INIT, "initialisers and finalisers as they run" },
	{ "tls", DBG_TLS, "TLS module ids, offsets and sizes" },
	{ "dl", DBG_DL, "dlopen, dlsym, dlclose calls" },
	{ "host", DBG_HOST, "trusted-base objects and re-pointed host slots" },
	{ "compartments", DBG_COMPARTMENTS, "compartment assignment" },
	{ "statistics", DBG_STATISTICS, "start-up time by phase, objects and entries" },
	{ "isolation", DBG_ISOLATION, "capabilities granted and accesses admitted (isolation)" },
	{ "crash", DBG_CRASH, "a fatal signal's object, function, source line and backtrace" },
};

int env_parse_debug(const char *spec)
{
	const char *p = spec;
	while (*p) {
		size_t n = strcspn(p, ", :");
		if (n == 4 && !strncmp(p, "help", 4)) {
			rtld_dprintf(1, "Valid options for the LD_C18N_DEBUG environment variable:\n\n");
			for (size_t i = 0; i < ARRAY_SIZE(debug_cats); i++)
				rtld_dprintf(1, "  %-14s %s\n", debug_cats[i].name, debug_cats[i].help);
			rtld_dprintf(1, "  %-14s %s\n", "all", "all of the above");
			rtld_dprintf(1, "  %-14s %s\n\n", "help", "this list");
			rtld_dprintf(1, "To direct the debugging output into a file instead of standard "
					"error,\nset LD_C18N_DEBUG_OUTPUT to the file's name.\n");
			return -1;
		}
		if (n == 3 && !strncmp(p, "all", 3))
			rtld_opts.debug = ~0u;
		for (size_t i = 0; i < ARRAY_SIZE(debug_cats); i++)
			if (strlen(debug_cats[i].name) == n && !strncmp(p, debug_cats[i].name, n))
				rtld_opts.debug |= debug_cats[i].bit;
		p += n;
		while (*p == ',' || *p == ' ' || *p == ':')
			p++;
	}
	return 0;
}

void env_init(char **envp)
{
	rtld_opts.secure = getauxval(AT_SECURE) != 0;
	for (char **e = envp; *e; e++) {
		if (strncmp(*e, "LD_C18N_", 8))
			continue;
		const char *eq = strchr(*e, '=');
		if (!eq)
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(env_table); i++) {
			size_t n = strlen(env_table[i].name);
			if ((size_t)(eq - *e) != n || strncmp(*e, env_table[i].name, n))
				continue;
			if (rtld_opts.secure && env_table[i].setid == SETID_IGNORED)
				break;
			env_table[i].apply(eq + 1);
		}
	}
}

void env_print_table(int fd)
{
	for (size_t i = 0; i < ARRAY_SIZE(env_table); i++)
		rtld_dprintf(fd, "%s\t%s\t%s\n", env_table[i].name,
			     env_table[i].setid == SETID_IGNORED ? "ignored-if-setid" : "kept-if-setid",
			     env_table[i].help);
}
