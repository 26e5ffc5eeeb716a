/* preload-init: a preloaded library (LD_C18N_PRELOAD, as LD_PRELOAD natively) has its
 * constructor and destructor run, in glibc's order: after the program's dependencies, and its
 * symbols are found by dlsym(RTLD_DEFAULT).  (native-skip: LD_PRELOAD would also preload into
 * the loader; the expected output is what LD_PRELOAD=./libp.so prints natively.) */
#include <stdio.h>
#include <dlfcn.h>
int a_value(void);
int main(void)
{
    int (*p)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "p_value");
    printf("main: a_value %d, p_value %s %d\n", a_value(), p ? "found" : "missing", p ? p() : 0);
    return 0;
}
