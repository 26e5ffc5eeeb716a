/* libspawn: a library that runs other programs through the C library. */
#include <stdio.h>
#include <stdlib.h>

int spawn_system(const char *cmd)
{
    fflush(stdout);
    return system(cmd);
}

int spawn_popen(const char *cmd, char *out, int n)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    int k = (int)fread(out, 1, (size_t)n - 1, p);
    out[k > 0 ? k : 0] = 0;
    return pclose(p);
}
