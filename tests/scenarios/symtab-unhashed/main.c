/* Relocations naming symbols the GNU hash table does not cover (symtool rewrote the libraries
 * after linking): each library's GLOB_DAT for its own variable must bind to that variable, by
 * index, as glibc's does; the unhashed variable is not found by name (dlsym), and dladdr does
 * not name it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

#define LIBS X(b, "beyond the last hashed symbol, STB_LOCAL") \
	X(d, "beyond the last hashed symbol, STV_HIDDEN") \
	X(f, "beyond the last hashed symbol, STB_LOCAL, no section headers") \
	X(a, "below the GNU hash symoffset, STB_LOCAL") \
	X(c, "below the GNU hash symoffset, STV_HIDDEN")
#define X(v, what) int *unh_##v##_get(void);
LIBS
#undef X

static void show(const char *name, const char *what, int *p)
{
	Dl_info info;
	const char *sname = "(none)";
	if (dladdr(p, &info) && info.dli_sname)
		sname = info.dli_sname;
	char var[32];
	snprintf(var, sizeof var, "unh_%s_var", name);
	void *byname = dlsym(RTLD_DEFAULT, var);
	printf("%s (%s): value %d, dladdr names %s, dlsym %s\n", var, what, *p, sname,
	       byname ? (byname == p ? "finds it" : "finds another") : "does not find it");
}

int main(void)
{
#define X(v, what) show(#v, what, unh_##v##_get());
	LIBS
#undef X
	return 0;
}
