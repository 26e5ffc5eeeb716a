/* filter-missing: a standard filter (DT_FILTER) whose filtee cannot be found stops the program
 * at start-up as a missing DT_NEEDED object does: the same message, status 127. */
#include <stdio.h>
int impl_fn(void);
int main(void)
{
    printf("impl_fn %d\n", impl_fn());
    return 0;
}
