/* libdup.so: libc allocation paths (strdup, asprintf, fopen, getline) called from a library. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *dup_join(const char *a, const char *b)
{
    char *r = NULL;
    if (asprintf(&r, "%s+%s", a, b) < 0)
        return NULL;
    char *d = strdup(r);
    free(r);
    return d;
}

/* Writes a few lines to a temporary stream and reads them back with getline (realloc growth). */
size_t dup_stream_roundtrip(void)
{
    FILE *f = tmpfile();
    if (!f)
        return 0;
    for (int i = 0; i < 20; i++)
        fprintf(f, "line %d %0*d\n", i, 100 * (i % 5), 0); /* up to 400 chars: getline reallocs */
    rewind(f);
    char *line = NULL;
    size_t cap = 0, total = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0)
        total += (size_t)n;
    free(line);
    fclose(f);
    return total;
}
