/* COPY relocations (library data, optarg/optind, environ, stdout/stderr) plus getopt, getenv/setenv and error(). */
#define _GNU_SOURCE
#include <errno.h>
#include <error.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "data.h"

#define YN(c) ((c) ? "yes" : "no")

int main(int argc, char **argv)
{
    /* library data seen from the program */
    printf("lib_array[0..7] =");
    for (int i = 0; i < 8; i++) printf(" %d", lib_array[i]);
    printf("\nlib_rec = {%d, %s, %ld %ld %ld}, lib_label = %s\n", lib_rec.id, lib_rec.name,
           lib_rec.values[0], lib_rec.values[1], lib_rec.values[2], lib_label);
    printf("&lib_array same in prog and lib: %s\n", YN(lib_array_addr() == lib_array));
    printf("&lib_rec same in prog and lib: %s\n", YN(lib_rec_addr() == &lib_rec));
    lib_fill(100);
    printf("after lib_fill(100): lib_array[0]=%d lib_array[7]=%d\n", lib_array[0], lib_array[7]);
    lib_array[3] = -1000;
    lib_rec.id = 9;
    printf("after prog writes: lib_sum() = %d\n", lib_sum());
    lib_rename("renamed");
    printf("after lib_rename: %s, values[2] = %ld\n", lib_rec.name, lib_rec.values[2]);
    strcpy(lib_rec.name, "progname");
    printf("lib sees name %s\n", lib_rec_name());

    /* getopt: optarg/optind are COPY-relocated into the program, libc writes them through its GOT */
    int opt, verbose = 0, n = 0;
    const char *s = NULL;
    opterr = 0;
    while ((opt = getopt(argc, argv, "vn:s:")) != -1) {
        switch (opt) {
        case 'v': verbose++; break;
        case 'n': n = atoi(optarg); printf("lib sees optarg %s\n", lib_optarg()); break;
        case 's': s = optarg; break;
        default: printf("unknown option -%c (optopt)\n", optopt); break;
        }
    }
    printf("verbose=%d n=%d s=%s optind=%d (lib sees %d) argc=%d\n", verbose, n, s ? s : "(null)",
           optind, lib_optind(), argc);
    for (int i = optind; i < argc; i++) printf("operand: [%s]\n", argv[i]);

    /* environment: environ is COPY-relocated too */
    const char *v = getenv("C18N_SCN_VAR");
    printf("getenv C18N_SCN_VAR = %s, lib sees %s\n", v ? v : "(null)", lib_getenv("C18N_SCN_VAR"));
    int found = 0;
    for (char **e = environ; *e; e++) if (strncmp(*e, "C18N_SCN_", 9) == 0) found++;
    printf("environ has %d C18N_SCN_ vars, lib counts %d\n", found, lib_environ_has("C18N_SCN_"));
    setenv("C18N_SCN_NEW", "set-by-prog", 1);
    setenv("C18N_SCN_VAR", "overwritten", 1);
    unsetenv("C18N_SCN_OTHER");
    for (int i = 0; i < 40; i++) { char name[32]; sprintf(name, "C18N_SCN_MANY%d", i); setenv(name, "x", 1); }
    printf("after setenv: lib sees C18N_SCN_NEW=%s C18N_SCN_VAR=%s, OTHER unset: %s\n",
           lib_getenv("C18N_SCN_NEW"), lib_getenv("C18N_SCN_VAR"), YN(lib_getenv("C18N_SCN_OTHER") == NULL));
    printf("environ now has %d C18N_SCN_ vars, lib counts %d\n",
           ({ int c = 0; for (char **e = environ; *e; e++) c += strncmp(*e, "C18N_SCN_", 9) == 0; c; }),
           lib_environ_has("C18N_SCN_"));

    /* program names: error() prints program_invocation_name */
    printf("program_invocation_name = %s, short = %s, lib sees %s\n", program_invocation_name,
           program_invocation_short_name, lib_invocation_name());
    lib_print("lib writes to stdout\n");
    fputs("prog writes to stdout via stdout\n", stdout);
    fprintf(stderr, "prog writes to stderr\n");
    errno = ENOENT;
    error(0, errno, "warning %d", 1);
    error(0, 0, "plain message, %s", "no errno");
    printf("error_message_count = %u\n", error_message_count);
    error(3, 0, "fatal: exiting with status %d", 3);
    printf("not reached\n");
    return 0;
}
