/* libnp: data objects copied into a non-PIE program, and function pointers that must be canonical. */
#include <stdlib.h>
#include <unistd.h>
#include "np.h"

int np_table[16] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3};
struct point np_origin = {0, 0, "origin"};
int np_counter;                               /* .bss object, copied too */
int np_double(int x) { return 2 * x; }
int np_apply(np_fn f, int x) { return f(x); }
np_fn np_addr_of_double(void) { return np_double; }     /* GOT: must be the program's PLT entry */
np_fn np_addr_of_prog_triple(void) { return prog_triple; }
static np_fn ptr_double = np_double;                    /* R_X86_64_64 data relocations */
static np_fn ptr_triple = prog_triple;
np_fn np_static_ptr_to_double(void) { return ptr_double; }
np_fn np_static_ptr_to_prog_triple(void) { return ptr_triple; }
int np_calls_double(int x) { np_counter++; return np_double(x); }
void np_scale(int k) { for (int i = 0; i < 16; i++) np_table[i] *= k; np_origin.x += k; np_origin.y -= k; }
int np_checksum(void) { int s = 0; for (int i = 0; i < 16; i++) s += np_table[i] * (i + 1); return s + np_origin.x * 1000 + np_origin.y; }
int *np_table_addr(void) { return np_table; }
struct point *np_origin_addr(void) { return &np_origin; }
int np_optind(void) { return optind; }
const char *np_getenv(const char *n) { return getenv(n); }
