/* A separate debug-info file has program headers like its library's, but no loadable contents
 * (every section NOBITS, PT_DYNAMIC empty in the file): dlopen refuses it with glibc's message
 * and maps nothing; the real library still loads afterwards. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

static void try(const char *file)
{
	void *h = dlopen(file, RTLD_NOW);
	if (!h) {
		printf("dlopen(%s): %s\n", file, dlerror());
		return;
	}
	int (*fn)(int) = (int (*)(int))dlsym(h, "dbg_fn");
	printf("dlopen(%s): loaded, dbg_fn(1) = %d\n", file, fn ? fn(1) : -1);
}

int main(void)
{
	try("./libdbg.so.debug");
	try("./prog.debug");
	try("./libdbg.so.debug");
	printf("left loaded: %s\n", dlopen("./libdbg.so.debug", RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no");
	try("./libdbg.so");
	return 0;
}
