/*
 * fuzz/inspect.c: what c18n-inspect reads from an object: tools/inspect-elf.c (iobj_open: the
 * ELF header, sections, dynamic section, dynamic symbols and version tables through libelf;
 * iobj_relocs, iobj_symver, iobj_lookup; iobj_find_debug, i.e. rtld/debugfile.c's build-id
 * note and .gnu_debuglink reading) and tools/inspect-dwarf.c with rtld/dwarf-abi.c (the DWARF
 * index, each symbol's function or variable DIE, its hazards, stack-argument bytes and source
 * location, DWARF call sites), plus rtld/mangle.c's reader on every symbol name.  An input
 * that does not start with the ELF magic is a list of names (NUL- or newline-separated) for
 * the mangled-name reader alone.
 *
 * Must stay true: iobj_open either reads the file or refuses it with a message naming it;
 * nothing faults or loops on any ELF or DWARF content; dwarfsig_from_mangled answers 0 bytes
 * or nothing, never reading past the name; everything is freed and closed afterwards.
 */
#include "fuzz.h"
#include "inspect.h"
#include "dwarfsig.h"

#include <fcntl.h>

#define PATH_NAME fuzz_file_path

static const char *const roots[] = { "/usr/lib/debug" };

static void fuzz_init(void)
{
	debug_roots = roots;
	ndebug_roots = ARRAY_SIZE(roots);
	rtld_pagesize = (size_t)getpagesize();
	elf_version(EV_CURRENT);
}

static void each_reloc(struct iobj *o, size_t idx, int is_copy, int in_plt, void *arg)
{
	FUZZ_CHECK(idx < o->nsyms, "iobj_relocs: symbol index %zu of %zu", idx, o->nsyms);
	const char *name = o->symnames[idx];
	if (!name)
		return;
	size_t d = iobj_lookup(o, name, iobj_symver(o, idx), in_plt ? LOOK_SKIP_UNDEF_FUNC : 0);
	FUZZ_CHECK(d < o->nsyms, "iobj_lookup(%s) = %zu of %zu", name, d, o->nsyms);
}

static void on_hazard(void *ctx, const char *kind, long stack_bytes, const char *detail)
{
	FUZZ_CHECK(kind && detail, "hazard without a kind or detail");
}

static void on_caller(void *ctx, const char *name, Dwarf_Die *caller)
{
	struct dw_loc loc;
	dw_location(caller, &loc);
}

static void demangle(const char *name)
{
	size_t bytes = 1;
	if (dwarfsig_from_mangled(name, &bytes) == 0)
		FUZZ_CHECK(bytes == 0, "dwarfsig_from_mangled(%s) answered %zu", name, bytes);
}

static void one_symbol(struct iobj *o, const char *name)
{
	Dwarf_Die die;
	struct dw_loc loc;
	char buf[256];
	demangle(name);
	(void)iobj_lookup(o, name, NULL, 0);
	for (int decl = 0; decl < 2; decl++)
		if (dw_find_func(o, name, decl, &die) == 0) {
			dw_func_hazards(&die, on_hazard, NULL);
			dw_location(&die, &loc);
			size_t bytes;
			int variadic;
			(void)dwarfsig_stack_bytes_of(&die, &bytes, &variadic);
		}
	if (dw_find_var(o, name, &die) == 0) {
		dw_var_detail(&die, buf, sizeof buf);
		FUZZ_CHECK(memchr(buf, 0, sizeof buf), "dw_var_detail: unterminated");
		dw_location(&die, &loc);
	}
}

static void release(struct iobj *o)
{
	dw_close(o);
	if (o->elf)
		elf_end(o->elf);
	close(o->fd);
	free(o->syms);
	free(o->symnames);
	free(o->versym);
	free(o->vernames);
	free(o->hbuckets);
	free(o->hnext);
	free(o->o.needed);
	free(o->o.path);
	free(o->dbg_path);
	free(o);
}

static void fuzz_one(const uint8_t *data, size_t len)
{
	if (len < 4 || memcmp(data, ELFMAG, SELFMAG)) {
		char name[512];
		for (size_t i = 0; i < len;) {
			size_t n = 0;
			while (i < len && data[i] && data[i] != '\n' && n < sizeof name - 1)
				name[n++] = (char)data[i++];
			name[n] = 0;
			demangle(name);
			i++;
		}
		return;
	}
	int fd = fuzz_file(data, len);
	int is_main = len > EI_ABIVERSION && (data[EI_ABIVERSION] & 1); /* (ignored by the reader) */
	char *err = NULL;
	struct iobj *o = iobj_open(PATH_NAME, dup(fd), is_main, &err);
	if (!o) {
		FUZZ_CHECK(err && !strncmp(err, PATH_NAME, strlen(PATH_NAME)),
			   "iobj_open refused without a message naming the file: %s", err ? err : "");
		free(err);
		return;
	}
	iobj_relocs(o, each_reloc, NULL);
	iobj_find_debug(o);
	for (size_t i = 1; i < o->nsyms && i < 4096; i++)
		if (o->symnames[i])
			one_symbol(o, o->symnames[i]);
	static const char *const callees[] = { "setjmp", "_setjmp", "sigaction", "signal",
					       "pthread_create", "longjmp" };
	dw_callers(o, callees, ARRAY_SIZE(callees), on_caller, NULL);
	release(o);
	/* the tool's error list (tool_error) is per run: empty it */
	for (size_t i = 0; i < ntool_errors; i++)
		free(tool_errors[i]);
	free(tool_errors);
	tool_errors = NULL;
	ntool_errors = 0;
}

