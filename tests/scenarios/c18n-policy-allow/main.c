/* Policy that allows the calls, groups libraries and trusts one function: runs as natively. */
#include <stdio.h>
int a_fn(void); int a_peek(void); int b_public(void);
int main(void) { printf("%d %d %d\n", a_fn(), b_public(), a_peek()); return 0; }
