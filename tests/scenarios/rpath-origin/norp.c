/* libnorp: no RUNPATH; its dlopen("libsib.so") must not use the program's DT_RUNPATH. */
#include <dlfcn.h>
#include <stdio.h>
void norp_try_dlopen(void)
{
    void *h = dlopen("libsib.so", RTLD_NOW);
    printf("libnorp dlopen(libsib.so): %s\n", h ? "loaded" : "failed");
    if (!h) printf("  dlerror: %s\n", dlerror());
    else dlclose(h);
}
