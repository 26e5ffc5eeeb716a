/* lazy-undefined-origin: a library found through the program's $ORIGIN/lib calls an undefined
 * function, bound lazily: the program runs until the call, then stops with glibc's message,
 * which names the library by its absolute path ($ORIGIN is absolute), status 127. */
#include <stdio.h>
int lazy_user(int);
int main(void)
{
    printf("%d\n", lazy_user(0));
    fflush(stdout);
    printf("%d\n", lazy_user(1));
    return 0;
}
