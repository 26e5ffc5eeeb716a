/* libvictim: a compartment with a function nobody may call but itself. */
#include "forge.h"
static int secret_key = 4242;
__attribute__((noinline, used)) static int victim_internal(int x) { return secret_key + x; }
int victim_fn(int x) { return victim_internal(x) - secret_key; }
/* (victim_internal's address, for the forged descriptor: as if found by scanning the code) */
void *victim_internal_addr(void) { return (void *)victim_internal; }
