/* Calls huge_sum across a compartment boundary: ld-c18n refuses it (status 127). */
#include <stdio.h>
struct huge { long v[300]; };
long huge_sum(struct huge h);
int main(void) { struct huge h; for (int i = 0; i < 300; i++) h.v[i] = i; printf("%ld\n", huge_sum(h)); return 0; }
