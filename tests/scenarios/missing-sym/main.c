/* Two undefined symbols under BIND_NOW: the loader must report both and exit with status 127. */
#include <stdio.h>
int sym_one(void);
int sym_two(void);
int sym_kept(void);
int main(void) { printf("main ran: %d\n", sym_one() + sym_two() + sym_kept()); return 0; }
