/* liba: top of the chain, directly needed by the program. */
#include "say.h"
extern int b_ready;
int a_ready;
__attribute__((constructor)) static void a_ctor(void) { a_ready = 1; say(b_ready ? "liba: constructor, libb ready" : "liba: constructor, libb NOT ready"); }
__attribute__((destructor)) static void a_dtor(void) { say("liba: destructor"); }
void a_hello(void) { say("liba: a_hello called"); }
