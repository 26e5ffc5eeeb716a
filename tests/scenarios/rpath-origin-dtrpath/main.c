/* $ORIGIN in DT_RPATH: inherited by dependencies and their dlopen, ignored by objects with DT_RUNPATH. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

int mid_value(void);
void mid_try_dlopen(const char *name);

static int show(struct dl_phdr_info *info, size_t size, void *data)
{
    const char *s = strstr(info->dlpi_name, "sub/");
    if (s) printf("loaded: %s\n", s);
    return 0;
}

int main(void)
{
    printf("mid_value() = %d\n", mid_value());
    dl_iterate_phdr(show, NULL);
    mid_try_dlopen("libsib.so");
    void *h = dlopen("librun.so", RTLD_NOW);
    printf("prog dlopen(librun.so): %s\n", h ? "loaded" : "failed");
    if (!h) { printf("  dlerror: %s\n", dlerror()); return 1; }
    void (*run)(const char *) = (void (*)(const char *))dlsym(h, "run_try_dlopen");
    if (run) run("libsib.so");
    dlclose(h);
    return 0;
}
