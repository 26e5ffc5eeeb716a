/* librun: has DT_RUNPATH, so the executable's DT_RPATH is not used for its dlopen(). */
#include <dlfcn.h>
#include <stdio.h>
void run_try_dlopen(const char *name)
{
    void *h = dlopen(name, RTLD_NOW);
    printf("librun dlopen(%s): %s\n", name, h ? "loaded" : "failed");
    if (!h) printf("  dlerror: %s\n", dlerror());
    else dlclose(h);
}
