/* libc_: bottom of the chain; DT_INIT/DT_FINI functions plus init_array/fini_array. */
#include "say.h"
int c_ready;
void c_dt_init(void) { say("libc_: DT_INIT"); }
void c_dt_fini(void) { say("libc_: DT_FINI"); }
__attribute__((constructor)) static void c_ctor(void) { c_ready = 1; say("libc_: constructor"); }
__attribute__((destructor)) static void c_dtor(void) { say("libc_: destructor"); }
