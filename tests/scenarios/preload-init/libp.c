#include <stdio.h>
__attribute__((constructor)) static void init(void) { printf("libp: constructor\n"); }
__attribute__((destructor)) static void fini(void) { printf("libp: destructor\n"); }
int p_value(void) { return 7; }
