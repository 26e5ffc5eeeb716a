/*
 * driver.c: test driver for the loader's DWARF rooms, rtld/dwarf-abi.c, debugfile.c, mangle.c
 * and dwarfsig.c (tests/dwarfsig/run.sh builds it with them, rtld/util.c
 * and -Wl,--wrap=rtld_alloc).
 *
 *   driver LIB [NAME | -]...
 *       Loads LIB with dwarfsig_load() and prints "NULL" (exit 0) when there is no table,
 *       else "count N" (dwarfsig_count), then one line per NAME: "NAME BYTES",
 *       "NAME variadic" or "NAME unknown" (dwarfsig_lookup failed); "-" reads further names
 *       from stdin, one a line.  Every lookup runs with an allocation counter armed; the last
 *       line is "allocations during lookups: N" (malloc, calloc, realloc and rtld_alloc
 *       calls meanwhile).
 *   driver --ptrs LIB NAME...
 *       dwarfsig_lookup()'s register mask for each NAME: "NAME 0xMASK" (the argument
 *       registers that may carry a pointer, bit 0 %rdi), or "NAME unknown" (no exact answer,
 *       or variadic).
 *   driver --mangled [NAME | -]...
 *       dwarfsig_from_mangled() of each NAME: "NAME 0" or "NAME unknown".
 *   driver --find-debug LIB [ROOT]...
 *       What dwarfsig_find_debug() says of LIB with those debug roots (none given: its
 *       default): "none", "embedded", "build-id PATH" or "debuglink PATH".
 *
 * Must stay true: only this file stands in for the rest of the loader (thread_self, rtld_opts).
 */
#include "dwarfsig.h"
#include "rtld.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct rtld_opts rtld_opts;
static struct c18n_thread self;
struct c18n_thread *thread_self(void) { return &self; }

/* ---- allocation counter ---- */
static int armed;
static unsigned long allocs;

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t m);
void *__libc_realloc(void *p, size_t n);
void *malloc(size_t n)
{
	allocs += armed;
	return __libc_malloc(n);
}
void *calloc(size_t n, size_t m)
{
	allocs += armed;
	return __libc_calloc(n, m);
}
void *realloc(void *p, size_t n)
{
	allocs += armed;
	return __libc_realloc(p, n);
}
void *__real_rtld_alloc(size_t n);
void *__wrap_rtld_alloc(size_t n)
{
	allocs += armed;
	return __real_rtld_alloc(n);
}

static void query(const struct dwarfsig *t, const char *name)
{
	size_t bytes;
	armed = 1;
	unsigned ptrs;
	int r = dwarfsig_lookup(t, name, &bytes, &ptrs);
	armed = 0;
	if (r < 0)
		printf("%s unknown\n", name);
	else if (bytes == DWARFSIG_VARIADIC)
		printf("%s variadic\n", name);
	else
		printf("%s %zu\n", name, bytes);
}

static void mangled(const char *name)
{
	size_t bytes;
	armed = 1;
	int r = dwarfsig_from_mangled(name, &bytes);
	armed = 0;
	if (r < 0)
		printf("%s unknown\n", name);
	else
		printf("%s %zu\n", name, bytes);
}

static int find_debug(const char *lib, const char *const *roots, size_t nroots)
{
	static const char *const names[] = { "none", "embedded", "build-id", "debuglink" };
	elf_version(EV_CURRENT);
	int fd = open(lib, O_RDONLY | O_CLOEXEC);
	Elf *e = fd >= 0 ? elf_begin(fd, ELF_C_READ_MMAP, NULL) : NULL;
	if (!e) {
		printf("cannot open %s\n", lib);
		return 1;
	}
	char path[PATH_MAX];
	enum dwarfsig_debug_source src = dwarfsig_find_debug(e, lib, roots, nroots, path,
							     sizeof path);
	if (src == DWARFSIG_DEBUG_BUILD_ID || src == DWARFSIG_DEBUG_DEBUGLINK)
		printf("%s %s\n", names[src], path);
	else
		printf("%s\n", names[src]);
	elf_end(e);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || (!strcmp(argv[1], "--find-debug") && argc < 3)) {
		fprintf(stderr, "usage: driver LIB [NAME | -]...\n"
				"       driver --mangled [NAME | -]...\n"
				"       driver --find-debug LIB [ROOT]...\n");
		return 2;
	}
	if (!strcmp(argv[1], "--find-debug"))
		return find_debug(argv[2], (const char *const *)argv + 3, (size_t)argc - 3);
	if (!strcmp(argv[1], "--ptrs") && argc > 2) {
		struct dwarfsig *t = dwarfsig_load(argv[2]);
		for (int i = 3; i < argc; i++) {
			size_t bytes;
			unsigned p;
			if (t && dwarfsig_lookup(t, argv[i], &bytes, &p) == 0 &&
			    bytes != DWARFSIG_VARIADIC)
				printf("%s 0x%x\n", argv[i], p);
			else
				printf("%s unknown\n", argv[i]);
		}
		return 0;
	}
	if (!strcmp(argv[1], "--mangled")) {
		for (int i = 2; i < argc; i++) {
			if (strcmp(argv[i], "-")) {
				mangled(argv[i]);
				continue;
			}
			char line[4096];
			while (fgets(line, sizeof line, stdin)) {
				line[strcspn(line, "\n")] = 0;
				if (*line)
					mangled(line);
			}
		}
		printf("allocations during lookups: %lu\n", allocs);
		return 0;
	}
	struct dwarfsig *t = dwarfsig_load(argv[1]);
	if (!t) {
		printf("NULL\n");
		return 0;
	}
	printf("count %zu\n", dwarfsig_count(t));
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-")) {
			query(t, argv[i]);
			continue;
		}
		char line[4096];
		while (fgets(line, sizeof line, stdin)) {
			line[strcspn(line, "\n")] = 0;
			if (*line)
				query(t, line);
		}
	}
	dwarfsig_free(t);
	printf("allocations during lookups: %lu\n", allocs);
	return 0;
}
