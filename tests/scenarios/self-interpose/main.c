/* Self-references and interposition: a library's relocations that name symbols it defines
 * itself bind to an earlier definition (the program's, an earlier library's) when there is
 * one, and to its own otherwise; likewise for a dlopen'ed RTLD_LOCAL library. */
#include <dlfcn.h>
#include <stdio.h>

int shared_fn(void);
int own_fn(void);
extern int shared_var;
extern int (*second_ptrs[])(void);
int second_call_shared(void);
int second_call_prog(void);
int second_call_own(void);
int second_read_shared(void);
int second_many_sum(void);
int second_read_own(void);
int (*second_addr_shared(void))(void);
int (*second_addr_own(void))(void);

int prog_over(void) { return 0; }

int main(void)
{
    printf("libsecond calls shared_fn: %d (libfirst's)\n", second_call_shared());
    printf("libsecond calls prog_over: %d (the program's)\n", second_call_prog());
    printf("libsecond calls own_fn: %d (its own)\n", second_call_own());
    printf("libsecond reads shared_var: %d, own_var: %d\n", second_read_shared(), second_read_own());
    printf("libsecond's table: %d %d %d\n", second_ptrs[0](), second_ptrs[1](), second_ptrs[2]());
    printf("libsecond's 64-entry table sums to %d (40 own_fn 2, 16 shared_fn 1, 8 prog_over 0)\n",
           second_many_sum());
    printf("libsecond's &shared_fn is the program's: %s\n",
           second_addr_shared() == shared_fn ? "yes" : "no");
    printf("libsecond's &own_fn is the program's: %s\n", second_addr_own() == own_fn ? "yes" : "no");
    printf("libsecond's table entry 1 is prog_over: %s\n", second_ptrs[1] == prog_over ? "yes" : "no");

    void *h = dlopen("libplugin.so", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        printf("dlopen: %s\n", dlerror());
        return 1;
    }
    int (*calls)(void) = (int (*)(void))dlsym(h, "plugin_calls");
    int (**ptrs)(void) = (int (**)(void))dlsym(h, "plugin_ptrs");
    printf("libplugin calls: %d (shared_fn 1, prog_over 0, plugin_fn 3)\n", calls());
    printf("libplugin's table: %d %d %d\n", ptrs[0](), ptrs[1](), ptrs[2]());
    printf("libplugin's table entry 0 is libfirst's shared_fn: %s\n",
           ptrs[0] == shared_fn ? "yes" : "no");
    dlclose(h);
    return 0;
}
