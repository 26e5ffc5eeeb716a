/* Smallest scenario: a PIE program calling one shared library. */
#include <stdio.h>
int greet(const char *who);
int main(void) { return greet("world") == 5 ? 0 : 1; }
