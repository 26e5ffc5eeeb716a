/* init-order-cycles: constructors and destructors of a dependency graph with cycles, at
 * start-up and through dlopen/dlclose, in glibc 2.36's order (its depth-first sort of the
 * search list).  Start-up: prog needs a, cc; a needs b, b needs a; cc needs d, d needs b.
 * dlopen: e needs f and b (already loaded), f needs e. */
#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
    printf("main\n");
    fflush(stdout);
    void *h = dlopen("libe.so", RTLD_NOW);
    if (!h) {
        printf("dlopen: %s\n", dlerror());
        return 1;
    }
    printf("dlopened\n");
    fflush(stdout);
    dlclose(h);
    printf("dlclosed\n");
    return 0;
}
