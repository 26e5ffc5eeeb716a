/* dlopen-rebind: two libraries defining the same symbol, opened RTLD_GLOBAL in turn across
 * dlopen/dlclose cycles, with a library that binds it lazily.  The program's own
 * dlsym(RTLD_DEFAULT) of it makes the first definition a dependency of the program (glibc's
 * relocation dependencies: the program is never unloaded, so neither is that library), and
 * every later cycle keeps binding to it, as natively. */
#include <dlfcn.h>
#include <stdio.h>
static void cycle(const char *lib)
{
    void *d = dlopen(lib, RTLD_NOW | RTLD_GLOBAL);
    void *u = dlopen("./libuser.so", RTLD_LAZY);
    if (!d || !u) {
        printf("%s\n", dlerror());
        return;
    }
    int (*f)(void) = (int (*)(void))dlsym(u, "user");
    int (*w)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "which");
    printf("%s: user %d, which %d\n", lib, f(), w ? w() : -1);
    dlclose(u);
    dlclose(d);
}
int main(void)
{
    for (int i = 0; i < 2; i++) {
        cycle("./libone.so");
        cycle("./libtwo.so");
    }
    void *b = dlopen("./libtwo.so", RTLD_NOW | RTLD_GLOBAL);
    void *u = dlopen("./libuser.so", RTLD_NOW);
    printf("both: user %d\n", ((int (*)(void))dlsym(u, "user"))());
    dlclose(u);
    dlclose(b);
    return 0;
}
