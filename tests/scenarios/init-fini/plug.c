/* libplug: dlopen'ed; constructor/destructor and an atexit handler tied to dlopen/dlclose. */
#include <stdlib.h>
#include "say.h"
static void plug_atexit(void) { say("libplug: atexit handler (registered in libplug's constructor)"); }
__attribute__((constructor)) static void plug_ctor(void) { atexit(plug_atexit); say("libplug: constructor (dlopen)"); }
__attribute__((destructor)) static void plug_dtor(void) { say("libplug: destructor (dlclose)"); }
extern int b_ready;
void pd_hello(void);
void plug_hello(void) { say(b_ready ? "libplug: plug_hello called, libb ready" : "libplug: plug_hello called, libb NOT ready"); pd_hello(); }
