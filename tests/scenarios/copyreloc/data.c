/* libdata: data objects the program COPY-relocates; the library reads/writes them via its GOT. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "data.h"

int lib_array[8] = {1, 2, 3, 4, 5, 6, 7, 8};
struct rec lib_rec = {7, "seven", {70, 700, 7000}};
const char *lib_label = "libdata-label";

void lib_fill(int base) { for (int i = 0; i < 8; i++) lib_array[i] = base + i; }
int lib_sum(void) { int s = 0; for (int i = 0; i < 8; i++) s += lib_array[i]; return s + lib_rec.id; }
void lib_rename(const char *s) { strncpy(lib_rec.name, s, sizeof lib_rec.name - 1); lib_rec.values[2]++; }
const char *lib_rec_name(void) { return lib_rec.name; }
int *lib_array_addr(void) { return lib_array; }
struct rec *lib_rec_addr(void) { return &lib_rec; }
int lib_optind(void) { return optind; }
const char *lib_optarg(void) { return optarg; }
const char *lib_getenv(const char *name) { return getenv(name); }
int lib_environ_has(const char *prefix)
{
    int n = 0;
    for (char **e = environ; *e; e++) if (strncmp(*e, prefix, strlen(prefix)) == 0) n++;
    return n;
}
const char *lib_invocation_name(void) { return program_invocation_name; }
void lib_print(const char *s) { fputs(s, stdout); }
