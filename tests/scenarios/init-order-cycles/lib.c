/* one library of the graph; NAME is its letter */
#include <stdio.h>
#define S2(x) #x
#define S(x) S2(x)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
__attribute__((constructor)) static void init(void) { printf("init %s\n", S(NAME)); }
__attribute__((destructor)) static void fini(void) { printf("fini %s\n", S(NAME)); }
int CAT(lib_, NAME)(void) { return 1; }
