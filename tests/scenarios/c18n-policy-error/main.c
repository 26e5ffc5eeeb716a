/* A policy file with a syntax error: the loader names FILE:LINE:COLUMN and exits 127. */
#include <stdio.h>
int a_fn(void); int a_peek(void); int b_public(void);
int main(void) { printf("%d %d %d\n", a_fn(), b_public(), a_peek()); return 0; }
