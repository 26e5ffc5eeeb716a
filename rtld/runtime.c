/*
 * runtime.c: the compartments ld-c18n makes for language runtimes, whole: "[java]" (the JDK's
 * libraries, found by libjvm.so beside them or in their server/ directory), "[ruby]" (libruby
 * and every object that needs it, the program too) and "[gc]" (the Boehm collector and its
 * users).  Such a runtime scans or owns its threads' stacks and calls itself through raw
 * pointers; split across compartments it crashes (README "Runtimes").
 *
 * Shared, unchanged, by the loader (compartment.c) and c18n-inspect, so that the inspector
 * shows the compartments the loader makes.  Must stay true: the answer depends only on the
 * object's path, soname, needed list and whether it is the program (and on files beside
 * it), never on load state; a policy's placement is applied before this, and wins.
 */
#include "rtld.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Is name the library lib ("libruby" matches libruby.so.3.1 and libruby-3.1.so.3.1)? */
static int is_lib(const char *name, const char *lib)
{
	size_t n = strlen(lib);
	return name && !strncmp(name, lib, n) && (name[n] == '.' || name[n] == '-');
}

const char *comp_runtime_group(const struct obj *o)
{
	static const struct {
		const char *comp;
		const char *markers[2]; /* files beside the object that make it the runtime's */
		const char *lib;        /* the runtime's library: it and every object needing it */
		int program;            /* a program that needs it joins too */
	} runtimes[] = {
		{ "[java]", { "libjvm.so", "server/libjvm.so" }, NULL, 0 },
		{ "[ruby]", { NULL, NULL }, "libruby", 1 },
		{ "[gc]", { NULL, NULL }, "libgc", 1 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(runtimes); i++) {
		const char *lib = runtimes[i].lib;
		if (!lib || ((o->flags & OBJ_MAIN) && !runtimes[i].program))
			continue;
		if (is_lib(o->soname, lib))
			return runtimes[i].comp;
		for (size_t k = 0; k < o->nneeded; k++)
			if (is_lib(o->needed[k].name, lib))
				return runtimes[i].comp;
	}
	if (o->flags & OBJ_MAIN)
		return NULL;
	/* (one directory holds most of a runtime's libraries: its answer is kept) */
	static char last_dir[4096];
	static const char *last_group;
	const char *slash = strrchr(o->path, '/');
	size_t dl = slash ? (size_t)(slash - o->path) : 0;
	if (!slash || dl + 32 >= sizeof last_dir)
		return NULL;
	if (!strncmp(last_dir, o->path, dl) && last_dir[dl] == 0)
		return last_group;
	char p[sizeof last_dir + 32];
	memcpy(last_dir, o->path, dl);
	last_dir[dl] = 0;
	last_group = NULL;
	for (size_t i = 0; !last_group && i < ARRAY_SIZE(runtimes); i++)
		for (size_t m = 0; !last_group && m < ARRAY_SIZE(runtimes[i].markers); m++) {
			if (!runtimes[i].markers[m])
				continue;
			snprintf(p, sizeof p, "%s/%s", last_dir, runtimes[i].markers[m]);
			if (access(p, F_OK) == 0)
				last_group = runtimes[i].comp;
		}
	return last_group;
}
