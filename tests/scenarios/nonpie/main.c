/* Non-PIE program: COPY relocations, canonical function addresses, static pointers, getopt, environ, error(). */
#define _GNU_SOURCE
#include <errno.h>
#include <error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "np.h"

#define YN(c) ((c) ? "yes" : "no")

int prog_triple(int x) { return 3 * x; }
/* Resolved at link time to the copies / the PLT entry: no dynamic relocation needed. */
static int *table_ptr = np_table;
static struct point *origin_ptr = &np_origin;
static np_fn double_ptr = np_double;
static const char **tag_ptr = &np_origin.tag;

int main(int argc, char **argv)
{
    printf("np_table[5] = %d, np_origin.tag = %s, np_counter = %d\n", np_table[5], np_origin.tag, np_counter);
    printf("&np_table: prog == lib: %s, static ptr == lib: %s\n", YN(np_table_addr() == np_table), YN(table_ptr == np_table_addr()));
    printf("&np_origin: prog == lib: %s, static ptr == lib: %s\n", YN(np_origin_addr() == &np_origin), YN(origin_ptr == np_origin_addr()));
    printf("*tag_ptr = %s\n", *tag_ptr);
    np_scale(2);
    printf("after np_scale(2): np_table[0..3] = %d %d %d %d, origin = (%d,%d)\n",
           np_table[0], np_table[1], np_table[2], np_table[3], np_origin.x, np_origin.y);
    np_table[15] = 100;
    origin_ptr->x = 7;
    printf("np_checksum = %d\n", np_checksum());
    int d = np_calls_double(21);
    printf("np_calls_double(21) = %d, np_counter = %d\n", d, np_counter);

    np_fn here = np_double;
    printf("&np_double: prog == lib GOT: %s\n", YN(here == np_addr_of_double()));
    printf("&np_double: prog == lib data pointer: %s\n", YN(here == np_static_ptr_to_double()));
    printf("&np_double: prog == prog static pointer: %s\n", YN(here == double_ptr));
    printf("&prog_triple: prog == lib GOT: %s, == lib data pointer: %s\n",
           YN((np_fn)prog_triple == np_addr_of_prog_triple()), YN((np_fn)prog_triple == np_static_ptr_to_prog_triple()));
    printf("np_apply(prog_triple, 5) = %d, np_apply(double_ptr, 5) = %d\n", np_apply(prog_triple, 5), np_apply(double_ptr, 5));

    int opt, q = 0;
    while ((opt = getopt(argc, argv, "q:")) != -1)
        if (opt == 'q') q = atoi(optarg);
    printf("q=%d optind=%d (lib sees %d) next=%s\n", q, optind, np_optind(), optind < argc ? argv[optind] : "(none)");
    printf("C18N_NP_VAR = %s, lib sees %s\n", getenv("C18N_NP_VAR"), np_getenv("C18N_NP_VAR"));
    setenv("C18N_NP_VAR", "changed", 1);
    printf("after setenv lib sees %s; environ[0] is non-NULL: %s\n", np_getenv("C18N_NP_VAR"), YN(environ[0] != NULL));
    printf("program_invocation_short_name = %s\n", program_invocation_short_name);
    error(0, 0, "non-PIE error() with %d args", argc);
    return 0;
}
