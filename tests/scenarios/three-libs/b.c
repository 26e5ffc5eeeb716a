/* libb: leaf library; reads liba's global (upward reference) and the program's array. */
#include "shared.h"
int b_global = 200;
int b_func(int x) { return x + 10; }
/* libb has no DT_NEEDED on liba: a_global is found in the global scope (prog's COPY). */
int b_reads_a_global(void) { return a_global; }
void b_bump_prog_array(void) { for (int i = 0; i < 4; i++) prog_array[i] += 1000; }
fn_t b_addr_of_a_func(void) { return a_func; }
