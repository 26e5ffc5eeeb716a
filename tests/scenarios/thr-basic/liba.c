/* liba.so: pthread_once initialisation, a pure computation, a stack-hungry call (small-stack thread). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_runs;
static int table[64];

static void init_table(void)
{
    init_runs++;
    for (int i = 0; i < 64; i++)
        table[i] = i * i;
}

int a_compute(int x)
{
    pthread_once(&once, init_table);
    int s = 0;
    for (int i = 0; i <= x; i++)
        s += table[i % 64];
    return s;
}

int a_init_runs(void) { return init_runs; }

/* Uses ~8 KiB of stack plus stdio formatting; called on a thread with a 64 KiB stack. */
int a_stack_user(int depth, char *out, size_t outsz)
{
    char buf[8192];
    memset(buf, 'a' + depth % 26, sizeof buf);
    if (depth > 0) {
        int r = a_stack_user(depth - 1, out, outsz);
        return r + buf[depth];
    }
    snprintf(out, outsz, "stack user ok %c%c", buf[0], buf[8191]);
    return buf[0];
}
