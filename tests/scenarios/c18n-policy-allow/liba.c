/* liba: calls libb's public function and its secret one. */
#include <stdio.h>
int b_secret(void); int b_public(void);
int a_fn(void) { return b_public() + 1; }
int a_peek(void) { return b_secret(); }
