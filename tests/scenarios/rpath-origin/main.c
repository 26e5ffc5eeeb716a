/* $ORIGIN in DT_RUNPATH: for the program's and a library's dependencies, and for dlopen (not inherited). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

int r_value(void);
void norp_try_dlopen(void);

/* Print the part of an object's path from "sub/" on, so the output does not depend on out/. */
static int show(struct dl_phdr_info *info, size_t size, void *data)
{
    const char *s = strstr(info->dlpi_name, "sub/");
    if (s) printf("loaded: %s\n", s);
    return 0;
}

int main(void)
{
    printf("r_value() = %d\n", r_value());
    dl_iterate_phdr(show, NULL);
    void *h = dlopen("libsib.so", RTLD_NOW);
    printf("prog dlopen(libsib.so): %s\n", h ? "loaded" : "failed");
    if (h) {
        int (*f)(void) = (int (*)(void))dlsym(h, "sib_value");
        printf("sib_value() = %d\n", f ? f() : -1);
        struct link_map *lm = NULL;
        dlinfo(h, RTLD_DI_LINKMAP, &lm);
        const char *s = lm ? strstr(lm->l_name, "sub/") : NULL;
        printf("libsib link_map name: %s\n", s ? s : "(no sub/)");
        dlclose(h);
    } else {
        printf("  dlerror: %s\n", dlerror());
    }
    norp_try_dlopen();
    return 0;
}
