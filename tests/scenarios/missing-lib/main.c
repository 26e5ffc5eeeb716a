/* Two missing DT_NEEDED libraries: the loader must report both and exit with status 127. */
#include <stdio.h>
int missing1(void);
int missing2(void);
int present(void);
int main(void) { printf("main ran: %d\n", missing1() + missing2() + present()); return 0; }
