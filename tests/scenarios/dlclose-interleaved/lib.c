/* libX.so (X from -DNAME): says when its constructor and destructor run. */
#include <stdio.h>
#define STR2(x) #x
#define STR(x) STR2(x)
__attribute__((constructor)) static void ctor(void) { printf("%s ctor\n", STR(NAME)); fflush(stdout); }
__attribute__((destructor)) static void dtor(void) { printf("%s dtor\n", STR(NAME)); fflush(stdout); }
