/* Calls and global variable accesses across program, liba, libb and a dlopen'ed plugin. */
#include <dlfcn.h>
#include <stdio.h>
#include "shared.h"

int prog_global = 1;
int prog_array[4] = {1, 2, 3, 4};
int prog_func(int x) { return x * 3; }

#define CHECK(label, cond) printf("%s: %s\n", label, (cond) ? "yes" : "no")

int main(void)
{
    /* program -> library calls */
    printf("a_func(1) = %d\n", a_func(1));
    printf("b_func(1) = %d\n", b_func(1));
    printf("a_calls_b(1) = %d\n", a_calls_b(1));
    /* library -> program calls and globals */
    printf("a_calls_prog(5) = %d\n", a_calls_prog(5));
    printf("a_reads_prog = %d\n", a_reads_prog());
    a_writes_prog(42);
    printf("prog_global after a_writes_prog(42) = %d\n", prog_global);
    b_bump_prog_array();
    printf("prog_array = %d %d %d %d\n", prog_array[0], prog_array[1], prog_array[2], prog_array[3]);
    /* program reads/writes library globals */
    printf("a_global = %d, b_global = %d, a_name = %s\n", a_global, b_global, a_name);
    a_global = 111;
    printf("b_reads_a_global after prog wrote 111 = %d\n", b_reads_a_global());
    CHECK("&b_global same in prog and liba", &b_global == a_addr_of_b_global());
    /* function pointer equality */
    CHECK("&a_func: prog == liba", (fn_t)a_func == a_addr_of_a_func());
    CHECK("&a_func: prog == libb", (fn_t)a_func == b_addr_of_a_func());
    CHECK("&b_func: prog == liba", (fn_t)b_func == a_addr_of_b_func());
    CHECK("&prog_func: prog == liba", (fn_t)prog_func == a_addr_of_prog_func());
    fn_t fp = a_addr_of_a_func();
    printf("call via liba's pointer: %d\n", fp(41));

    void *h = dlopen("libc_plugin.so", RTLD_NOW);
    CHECK("dlopen libc_plugin.so", h != NULL);
    if (!h) { printf("dlerror: %s\n", dlerror()); return 1; }
    int (*entry)(int) = (int (*)(int))dlsym(h, "plugin_entry");
    int (*reads)(void) = (int (*)(void))dlsym(h, "plugin_reads_prog");
    void (*writes)(int) = (void (*)(int))dlsym(h, "plugin_writes_a");
    fn_t (*pa)(void) = (fn_t (*)(void))dlsym(h, "plugin_addr_of_a_func");
    fn_t (*pp)(void) = (fn_t (*)(void))dlsym(h, "plugin_addr_of_prog_func");
    int *pg = (int *)dlsym(h, "plugin_global");
    CHECK("dlsym plugin symbols", entry && reads && writes && pa && pp && pg);
    if (!(entry && reads && writes && pa && pp && pg)) return 1;
    printf("plugin_entry(2) = %d\n", entry(2));
    printf("plugin_reads_prog = %d\n", reads());
    writes(555);
    printf("a_global after plugin wrote 555 = %d (liba sees %d)\n", a_global, b_reads_a_global());
    printf("plugin_global = %d\n", *pg);
    CHECK("&a_func: prog == plugin", (fn_t)a_func == pa());
    CHECK("&prog_func: prog == plugin", (fn_t)prog_func == pp());
    CHECK("&a_func: prog == dlsym(handle)", (void *)a_func == dlsym(h, "a_func"));
    CHECK("&a_func: prog == dlsym(RTLD_DEFAULT)", (void *)a_func == dlsym(RTLD_DEFAULT, "a_func"));
    CHECK("&prog_func: prog == dlsym(RTLD_DEFAULT)", (void *)prog_func == dlsym(RTLD_DEFAULT, "prog_func"));
    CHECK("&a_global: prog == dlsym(RTLD_DEFAULT)", (void *)&a_global == dlsym(RTLD_DEFAULT, "a_global"));
    /* A handle's scope is the plugin and its dependencies, not the program: glibc finds liba's
       original a_global there, not the program's COPY of it. */
    CHECK("dlsym(plugin handle, a_global) is prog's copy", (void *)&a_global == dlsym(h, "a_global"));
    CHECK("dlsym(plugin handle, a_global) is liba's original", dlsym(h, "a_global") == (void *)a_original_a_global());
    printf("liba's original a_global (never written after the copy) = %d\n", *a_original_a_global());
    CHECK("dlclose", dlclose(h) == 0);
    printf("a_func(9) after dlclose = %d\n", a_func(9));
    return 0;
}
