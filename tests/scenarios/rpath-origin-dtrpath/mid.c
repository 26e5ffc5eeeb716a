/* libmid: no search path of its own; its dependency and its dlopen use the executable's DT_RPATH. */
#include <dlfcn.h>
#include <stdio.h>
int leaf_value(void);
int mid_value(void) { return 100 + leaf_value(); }
void mid_try_dlopen(const char *name)
{
    void *h = dlopen(name, RTLD_NOW);
    printf("libmid dlopen(%s): %s\n", name, h ? "loaded" : "failed");
    if (!h) { printf("  dlerror: %s\n", dlerror()); return; }
    int (*f)(void) = (int (*)(void))dlsym(h, "sib_value");
    printf("  sib_value() = %d\n", f ? f() : -1);
    dlclose(h);
}
