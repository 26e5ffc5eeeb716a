/* libplug: dlopen'ed; a compartment of its own, with its own stack. */
#include "c18n-test.h"
__attribute__((noinline)) uintptr_t plug_local(void) { return HERE_SP(); }
