/*
 * dlclose-interleaved: dlopen and dlclose of graphs that share dependencies, interleaved,
 * with RTLD_GLOBAL, RTLD_NODELETE added to a dependency by a later dlopen, and an object
 * opened again after it was unloaded: constructors and destructors run once each, when and
 * in the order the system loader runs them.  Graph: a -> cc, d; b -> d, cc; cc -> e; d -> e.
 */
#include <dlfcn.h>
#include <stdio.h>

static void *op(const char *n, int f)
{
	void *h = dlopen(n, f);
	const char *err = h ? NULL : dlerror();
	printf("opened %s: %s\n", n, h ? "ok" : err ? err : "not loaded");
	fflush(stdout);
	return h;
}

static void cl(void *h, const char *n)
{
	dlclose(h);
	printf("closed %s\n", n);
	fflush(stdout);
}

int main(void)
{
	void *a = op("liba.so", RTLD_NOW), *b = op("libb.so", RTLD_LAZY | RTLD_GLOBAL);
	void *d = op("libd.so", RTLD_NOW);
	cl(a, "a");
	void *c = op("libcc.so", RTLD_NOW | RTLD_NODELETE);
	cl(b, "b");
	a = op("liba.so", RTLD_NOW);
	cl(d, "d");
	cl(c, "cc");
	cl(a, "a");
	void *e = op("libe.so", RTLD_NOW | RTLD_NOLOAD);
	printf("e still loaded (cc is NODELETE and needs it): %s\n", e ? "yes" : "no");
	if (e)
		cl(e, "e");
	printf("exit\n");
	return 0;
}
