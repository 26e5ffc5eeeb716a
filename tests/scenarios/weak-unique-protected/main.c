/* Weak definitions/undefined weak, STB_GNU_UNIQUE across RTLD_LOCAL libraries, protected symbols. */
#include <dlfcn.h>
#include <stdio.h>

int overridden_func(void) { return 2; }
int overridden_var = 2;
int prot_func(void) { return 200; }
int prot_var = 200;

int weak_calls_overridden(void);
int weak_reads_overridden(void);
int weak_calls_kept(void);
int weak_absent_func_is_null(void);
int weak_absent_var_is_null(void);
int weak_strong_func_value(void);
int strong_calls_first_wins(void);
int first_wins(void);
extern int absent_in_prog(void) __attribute__((weak));
extern int absent_var_in_prog __attribute__((weak));
int kept_func(void);
extern int kept_var;
int prot_calls_own(void);
int prot_reads_own(void);
int (*prot_addr_of_func(void))(void);
int *prot_addr_of_var(void);
void prot_write_own(int v);

#define YN(c) ((c) ? "yes" : "no")

int main(void)
{
    printf("libweak calls overridden_func -> %d (program's strong one is 2)\n", weak_calls_overridden());
    printf("libweak reads overridden_var -> %d\n", weak_reads_overridden());
    printf("kept_func from prog %d, from libweak %d, kept_var %d\n", kept_func(), weak_calls_kept(), kept_var);
    printf("libweak: absent_func is NULL: %s, &absent_var is NULL: %s\n",
           YN(weak_absent_func_is_null()), YN(weak_absent_var_is_null()));
    printf("libweak: weak ref to libstrong's strong_func -> %d\n", weak_strong_func_value());
    printf("prog: absent_in_prog is NULL: %s, &absent_var_in_prog is NULL: %s\n",
           YN(absent_in_prog == NULL), YN(&absent_var_in_prog == NULL));
    printf("first_wins from prog %d, from libstrong %d (libweak2's weak def is found first)\n",
           first_wins(), strong_calls_first_wins());

    printf("prot_func from prog %d, libprot's own call %d\n", prot_func(), prot_calls_own());
    printf("prot_var from prog %d, libprot's own read %d\n", prot_var, prot_reads_own());
    prot_write_own(300);
    printf("after libprot writes 300: prog's prot_var %d, libprot's %d\n", prot_var, prot_reads_own());
    printf("libprot's &prot_func differs from prog's: %s\n", YN((void *)prot_addr_of_func() != (void *)prot_func));
    printf("libprot's &prot_var differs from prog's: %s\n", YN(prot_addr_of_var() != &prot_var));
    printf("dlsym(RTLD_DEFAULT, prot_func) is prog's: %s\n", YN(dlsym(RTLD_DEFAULT, "prot_func") == (void *)prot_func));

    void *h1 = dlopen("libuniq1.so", RTLD_NOW | RTLD_LOCAL);
    void *h2 = dlopen("libuniq2.so", RTLD_NOW | RTLD_LOCAL);
    printf("dlopen uniq libs: %s\n", YN(h1 && h2));
    if (!h1 || !h2) { printf("%s\n", dlerror()); return 1; }
    void *(*v1)(void) = (void *(*)(void))dlsym(h1, "uniq1_value_addr");
    void *(*c1)(void) = (void *(*)(void))dlsym(h1, "uniq1_counter_addr");
    void (*bump)(void) = (void (*)(void))dlsym(h1, "uniq1_bump");
    void *(*v2)(void) = (void *(*)(void))dlsym(h2, "uniq2_value_addr");
    void *(*c2)(void) = (void *(*)(void))dlsym(h2, "uniq2_counter_addr");
    int (*val2)(void) = (int (*)(void))dlsym(h2, "uniq2_value");
    int (*cnt2)(void) = (int (*)(void))dlsym(h2, "uniq2_counter");
    if (!v1 || !c1 || !bump || !v2 || !c2 || !val2 || !cnt2) { printf("dlsym failed\n"); return 1; }
    printf("Holder<int>::value: %s\n", v1() == v2() ? "same" : "different");
    printf("inline_counter()::counter: %s\n", c1() == c2() ? "same" : "different");
    bump();
    printf("after libuniq1 bumps: libuniq2 sees value %d, counter %d\n", val2(), cnt2());
    printf("libuniq1 not in global scope: %s\n", YN(dlsym(RTLD_DEFAULT, "uniq1_value_addr") == NULL));
    dlclose(h2);
    dlclose(h1);
    return 0;
}
