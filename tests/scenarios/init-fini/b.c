/* libb: middle of the chain; its constructor registers an atexit handler. */
#include <stdlib.h>
#include "say.h"
extern int c_ready;
int b_ready;
static void b_atexit(void) { say("libb: atexit handler (registered in libb's constructor)"); }
__attribute__((constructor(101))) static void b_ctor101(void) { say(c_ready ? "libb: constructor(101), libc_ ready" : "libb: constructor(101), libc_ NOT ready"); }
__attribute__((constructor)) static void b_ctor(void) { b_ready = 1; atexit(b_atexit); say("libb: constructor"); }
__attribute__((destructor)) static void b_dtor(void) { say("libb: destructor"); }
__attribute__((destructor(101))) static void b_dtor101(void) { say("libb: destructor(101)"); }
