/* Second program object: a constructor and a destructor without priority, after main.o's entries. */
#include "say.h"
__attribute__((constructor)) static void ctor(void) { say("prog: constructor (ctor2.o)"); }
__attribute__((destructor)) static void dtor(void) { say("prog: destructor (ctor2.o)"); }
