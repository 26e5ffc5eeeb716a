/* origin-symlink: ./prog is a symbolic link to real/prog, whose RUNPATH is $ORIGIN/lib; the
 * program's $ORIGIN is the directory of its real path (glibc), so real/lib/libf.so is found
 * (the run's library path does not hold it). */
#include <stdio.h>
int f(void);
int main(void)
{
    printf("f() = %d\n", f());
    return 0;
}
