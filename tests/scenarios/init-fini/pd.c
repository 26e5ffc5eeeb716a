/* libpd: new dependency of the dlopen'ed plugin. */
#include "say.h"
__attribute__((constructor)) static void pd_ctor(void) { say("libpd: constructor (dlopen)"); }
__attribute__((destructor)) static void pd_dtor(void) { say("libpd: destructor (dlclose)"); }
void pd_hello(void) { say("libpd: pd_hello called"); }
