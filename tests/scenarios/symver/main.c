/* Symbol versions: default binding foo@@V2, old binary bound to foo@V1, dlsym and dlvsym. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
int foo(int x);
int bar(void);
int baz(void);
int user_calls_foo(int x);
int (*user_addr_of_foo(void))(int);

int main(void)
{
    printf("prog foo(1) = %d (V2 adds 2000)\n", foo(1));
    printf("libuser foo(1) = %d (V1 adds 1)\n", user_calls_foo(1));
    printf("bar() = %d, baz() = %d\n", bar(), baz());
    printf("prog's foo != libuser's foo: %s\n", (void *)foo != (void *)user_addr_of_foo() ? "yes" : "no");

    void *h = dlopen("libver.so", RTLD_NOW | RTLD_NOLOAD);
    printf("libver.so already loaded: %s\n", h ? "yes" : "no");
    if (!h) return 1;
    int (*f1)(int) = (int (*)(int))dlvsym(h, "foo", "V1");
    int (*f2)(int) = (int (*)(int))dlvsym(h, "foo", "V2");
    int (*fd)(int) = (int (*)(int))dlsym(h, "foo");
    printf("dlvsym foo V1: %s -> %d\n", f1 ? "found" : "missing", f1 ? f1(5) : -1);
    printf("dlvsym foo V2: %s -> %d\n", f2 ? "found" : "missing", f2 ? f2(5) : -1);
    printf("dlsym foo is the default (V2): %s\n", fd && fd == f2 ? "yes" : "no");
    printf("dlvsym V1 == libuser's foo: %s\n", f1 == user_addr_of_foo() ? "yes" : "no");
    printf("dlvsym V2 == prog's foo: %s\n", (void *)f2 == (void *)foo ? "yes" : "no");
    printf("dlvsym bar V1: %s\n", dlvsym(h, "bar", "V1") == (void *)bar ? "yes" : "no");
    printf("dlvsym baz V1 (wrong version): %s\n", dlvsym(h, "baz", "V1") ? "found" : "missing");
    dlerror();
    printf("dlvsym foo V3: %s\n", dlvsym(h, "foo", "V3") ? "found" : "missing");
    const char *e = dlerror();
    printf("dlerror: %s\n", e ? e : "(null)");
    printf("dlvsym RTLD_DEFAULT foo V1: %s\n", dlvsym(RTLD_DEFAULT, "foo", "V1") == (void *)f1 ? "yes" : "no");
    printf("dlsym RTLD_DEFAULT foo is V2: %s\n", dlsym(RTLD_DEFAULT, "foo") == (void *)f2 ? "yes" : "no");
    /* The library's own reference to foo (through its GOT) binds the default version. */
    int (*(*vdf)(void))(int) = (int (*(*)(void))(int))dlsym(h, "ver_default_foo");
    printf("libver's own foo is V2: %s\n", vdf && vdf() == f2 ? "yes" : "no");
    dlclose(h);
    return 0;
}
