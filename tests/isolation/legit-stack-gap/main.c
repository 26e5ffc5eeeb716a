/* legit-stack-gap: a library is given an address 1.5 MiB below the main thread's stack (not
 * mapped yet) while the program's compartment is closed; the loader's checks must not make
 * the kernel grow the stack there (closed pages no transition reopens), so the program's own
 * recursion later reaches that depth as it does natively. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
void liba_pass(const unsigned long *box);
static int deep(int n)
{
    volatile char buf[4096];
    memset((char *)buf, n, sizeof buf);
    return n ? deep(n - 1) + buf[n % 4096] : 0;
}
int main(void)
{
    unsigned long *box = malloc(sizeof *box);
    *box = (unsigned long)__builtin_frame_address(0) - 1536 * 1024;
    liba_pass(box);
    printf("deep: %d\n", deep(450) & 0xff);
    return 0;
}
