#include <stdio.h>
__attribute__((constructor)) static void init(void) { printf("liba: constructor\n"); }
__attribute__((destructor)) static void fini(void) { printf("liba: destructor\n"); }
int a_value(void) { return 5; }
