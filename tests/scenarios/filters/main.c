/* filters: DT_FILTER and DT_AUXILIARY objects.  A lookup of a name the filter defines finds the
 * filtee's definition when the filtee has one, the filter's own otherwise; an auxiliary filter
 * whose filtee is missing serves its own definitions.  (A standard filter whose filtee is
 * missing stops the program, as a missing DT_NEEDED object does: malformed-style, not here.) */
#include <dlfcn.h>
#include <stdio.h>
int impl_fn(void);
int only_in_filter(void);
static void via(const char *lib)
{
    void *h = dlopen(lib, RTLD_NOW);
    if (!h) {
        printf("%s: %s\n", lib, dlerror());
        return;
    }
    int (*f)(void) = (int (*)(void))dlsym(h, "impl_fn");
    int (*g)(void) = (int (*)(void))dlsym(h, "only_in_filter");
    printf("%s: impl_fn %d, only_in_filter %d\n", lib, f ? f() : -1, g ? g() : -1);
}
int main(void)
{
    printf("startup filter: impl_fn %d, only_in_filter %d\n", impl_fn(), only_in_filter());
    via("libaux.so");
    via("libauxmissing.so");
    return 0;
}
