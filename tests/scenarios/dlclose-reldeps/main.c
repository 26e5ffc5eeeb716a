/* dlclose-reldeps: libu, opened after libp (RTLD_GLOBAL), binds prov to libp by relocation
 * without depending on it; dlclose(libp) must leave libp loaded while libu exists (glibc's
 * relocation dependencies), and calls into it keep working.  Then both go. */
#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
    void *p = dlopen("./libp.so", RTLD_NOW | RTLD_GLOBAL);
    void *u = dlopen("./libu.so", RTLD_NOW);
    if (!p || !u) {
        printf("%s\n", dlerror());
        return 1;
    }
    dlclose(p);
    void *again = dlopen("./libp.so", RTLD_NOW | RTLD_NOLOAD);
    printf("libp after dlclose(libp): %s\n", again ? "loaded" : "gone");
    if (again)
        dlclose(again);
    int (*f)(void) = (int (*)(void))dlsym(u, "use");
    printf("use: %d\n", f());
    dlclose(u);
    printf("libp after dlclose(libu): %s\n",
           dlopen("./libp.so", RTLD_NOW | RTLD_NOLOAD) ? "loaded" : "gone");
    return 0;
}
