/* libc_, second object: explicit init_array/fini_array entries, after c_.o's constructor/destructor. */
#include "say.h"
static void c_init_array(void) { say("libc_: init_array entry (c_2.o)"); }
static void c_fini_array(void) { say("libc_: fini_array entry (c_2.o)"); }
__attribute__((section(".init_array"), used)) static void (*c_ia)(void) = c_init_array;
__attribute__((section(".fini_array"), used)) static void (*c_fa)(void) = c_fini_array;
