/* Order of preinit_array, init_array, constructors (with priorities), atexit, dlopen/dlclose and destructors. */
#include <dlfcn.h>
#include <stdlib.h>
#include "say.h"

/* Each object file has at most one entry without priority in .init_array and in .fini_array, so
   the order does not depend on how gcc orders them; ctor2.c (linked after main.c) has the others. */

extern int a_ready;
void a_hello(void);
static void preinit(int argc, char **argv, char **envp) { say(argc == 1 && argv[0] && envp ? "prog: preinit_array entry (argc/argv/envp ok)" : "prog: preinit_array entry (bad args)"); }
__attribute__((section(".preinit_array"), used)) static void (*pre)(int, char **, char **) = preinit;
static void init_entry(int argc, char **argv, char **envp) { say(argc == 1 && argv[0] && envp ? "prog: init_array entry (argc/argv/envp ok)" : "prog: init_array entry (bad args)"); }
__attribute__((section(".init_array"), used)) static void (*ini)(int, char **, char **) = init_entry;
static void fini_entry(void) { say("prog: fini_array entry"); }
__attribute__((section(".fini_array"), used)) static void (*fin)(void) = fini_entry;

__attribute__((constructor(102))) static void ctor102(void) { say("prog: constructor(102)"); }
__attribute__((constructor(101))) static void ctor101(void) { say(a_ready ? "prog: constructor(101), liba ready" : "prog: constructor(101), liba NOT ready"); }
__attribute__((destructor(101))) static void dtor101(void) { say("prog: destructor(101)"); }
__attribute__((destructor(102))) static void dtor102(void) { say("prog: destructor(102)"); }

static void main_atexit1(void) { say("prog: atexit handler 1 (registered first in main)"); }
static void main_atexit2(void) { say("prog: atexit handler 2 (registered second in main)"); }

int main(void)
{
    say("prog: main starts");
    atexit(main_atexit1);
    atexit(main_atexit2);
    a_hello();
    say("prog: dlopen libplug.so");
    void *h = dlopen("libplug.so", RTLD_NOW);
    if (!h) { say(dlerror()); return 1; }
    say("prog: dlopen returned");
    void (*ph)(void) = (void (*)(void))dlsym(h, "plug_hello");
    if (ph) ph();
    say("prog: dlopen libplug.so again (no constructor expected)");
    void *h2 = dlopen("libplug.so", RTLD_NOW);
    say("prog: dlclose second handle (no destructor expected)");
    dlclose(h2);
    say("prog: dlclose libplug.so");
    dlclose(h);
    say("prog: dlclose returned");
    say("prog: main returns");
    return 0;
}
