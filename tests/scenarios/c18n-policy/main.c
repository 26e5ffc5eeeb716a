/* Policy: libb exports b_secret to the program only; liba calls it, so the program must not start. */
#include <stdio.h>
int a_fn(void); int a_peek(void); int b_public(void);
int main(void) { printf("%d %d %d\n", a_fn(), b_public(), a_peek()); return 0; }
