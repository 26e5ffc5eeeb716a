/* libcmp: comparators. */
#include <stdlib.h>
#include "cb.h"
#include "c18n-test.h"
uintptr_t cmp_abs_local;
int cmp_abs(const void *a, const void *b)
{
    cmp_abs_local = HERE_SP();
    int x = abs(*(const int *)a), y = abs(*(const int *)b);
    return (x > y) - (x < y);
}
static int desc(const void *a, const void *b) { return *(const int *)b - *(const int *)a; }
cmp_t cmp_get_static(void) { return desc; }
__attribute__((noinline)) uintptr_t cmp_stack(void) { return HERE_SP(); }
