/* liba, second object: an explicit fini_array entry, after a.o's destructor. */
#include "say.h"
static void a_fini_array(void) { say("liba: fini_array entry (a2.o)"); }
__attribute__((section(".fini_array"), used)) static void (*a_fa)(void) = a_fini_array;
