/* DF_1_NOOPEN (-z nodlopen): an object so marked is refused by dlopen when dlopen would load
 * it (itself or as a dependency), with glibc's message; as a start-up dependency it loads, and
 * a later dlopen of it, already loaded, succeeds. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int noopen_s_fn(void);

/* dlerror's message; with short, the file's directory left out (glibc names a dependency as
 * its DT_NEEDED entry, ld-c18n by the path it found) */
static const char *err(int short_name)
{
	const char *e = dlerror();
	if (!e)
		return "(no error)";
	if (!short_name)
		return e;
	const char *colon = strstr(e, ": "), *slash = NULL;
	for (const char *p = e; colon && p < colon; p++)
		if (*p == '/')
			slash = p;
	return slash ? slash + 1 : e;
}

int main(void)
{
	printf("start-up dependency: %d\n", noopen_s_fn());
	void *h = dlopen("libnoopen_s.so", RTLD_NOW);
	printf("dlopen(libnoopen_s.so), already loaded: %s\n", h ? "ok" : err(1));
	if (h) {
		int (*fn)(void) = (int (*)(void))dlsym(h, "noopen_s_fn");
		printf("  dlsym: %d\n", fn ? fn() : -1);
	}
	h = dlopen("./libnoopen_a.so", RTLD_NOW);
	printf("dlopen(./libnoopen_a.so): %s\n", h ? "loaded" : err(0));
	h = dlopen("./libnoopen_a.so", RTLD_LAZY | RTLD_GLOBAL);
	printf("dlopen(./libnoopen_a.so) again: %s\n", h ? "loaded" : err(0));
	h = dlopen("./libnoopen_user.so", RTLD_NOW);
	printf("dlopen(./libnoopen_user.so), which needs libnoopen_b.so: %s\n",
	       h ? "loaded" : err(1));
	printf("libnoopen_user.so left loaded: %s\n",
	       dlopen("./libnoopen_user.so", RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no");
	printf("libnoopen_b.so left loaded: %s\n",
	       dlopen("libnoopen_b.so", RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no");
	return 0;
}
