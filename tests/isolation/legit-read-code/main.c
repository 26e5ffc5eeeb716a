/* tests/isolation: reading another compartment's code is allowed, executing it only from a
 * function's start.  The program reads its library's code (closed while the program runs),
 * the library reads the program's (closed while the library runs), and a raw pointer into
 * the library's code is then called. */
#include <stdio.h>
#include <string.h>

const void *code_of_helper(void);
void copy_own_code(unsigned char *out, size_t n);
unsigned sum_code(const void *fn, size_t n);
const void *mixed_code_of_helper(void);
void mixed_copy_own_code(unsigned char *out, size_t n);

static int twice(int x) { return 2 * x; }

int main(void)
{
    const unsigned char *p = code_of_helper();
    unsigned char mine[32], theirs[32];
    for (int i = 0; i < 32; i++)
        mine[i] = ((const volatile unsigned char *)p)[i];
    copy_own_code(theirs, sizeof theirs);
    printf("the library's code, read by the program: %s\n",
           memcmp(mine, theirs, sizeof mine) ? "differs" : "as the library reads it");
    unsigned s = 0;
    for (int i = 0; i < 32; i++)
        s = s * 31 + ((const volatile unsigned char *)twice)[i];
    printf("the program's code, read by the library: %s\n",
           sum_code((const void *)twice, 32) == s ? "as the program reads it" : "differs");
    printf("helper(5) through the raw pointer: %d\n", ((int (*)(int))(const void *)p)(5));
    p = mixed_code_of_helper();
    for (int i = 0; i < 32; i++)
        mine[i] = ((const volatile unsigned char *)p)[i];
    mixed_copy_own_code(theirs, sizeof theirs);
    printf("libmixed's code, read by the program: %s\n",
           memcmp(mine, theirs, sizeof mine) ? "differs" : "as the library reads it");
    printf("its helper(6) through the raw pointer: %d\n", ((int (*)(int))(const void *)p)(6));
    printf("twice(21): %d\n", twice(21));
    return 0;
}
