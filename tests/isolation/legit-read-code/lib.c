/* libcode (and libmixed, built -DMIXED): hands out the address of a function of its own
 * (raw: taken PC-relative), copies its own code, and reads the code of a function its caller
 * names. */
#include <string.h>

#ifdef MIXED
#define code_of_helper mixed_code_of_helper
#define copy_own_code mixed_copy_own_code
#define sum_code mixed_sum_code
#endif

static int helper(int x) { return x * 3 + 1; }

const void *code_of_helper(void) { return (const void *)helper; }

void copy_own_code(unsigned char *out, size_t n) { memcpy(out, (const void *)helper, n); }

unsigned sum_code(const void *fn, size_t n)
{
    const volatile unsigned char *p = fn;
    unsigned s = 0;
    for (size_t i = 0; i < n; i++)
        s = s * 31 + p[i];
    return s;
}
