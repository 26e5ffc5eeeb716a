/* The program's definitions of data the C library reads interpose on the library's own, as
 * under the system loader (issue 18): argp prints the program's version and bug address,
 * error() calls the program's error_print_progname, obstack calls the program's
 * obstack_alloc_failed_handler. */
#include <argp.h>
#include <error.h>
#include <obstack.h>
#include <stdio.h>
#include <stdlib.h>

const char *argp_program_version = "data-interpose 1.2.3";
const char *argp_program_bug_address = "<bugs@example.invalid>";

static void progname(void)
{
	fflush(stdout);
	printf("[progname hook] ");
}
void (*error_print_progname)(void) = progname;

static void alloc_failed(void)
{
	printf("obstack: the program's handler\n");
	exit(0);
}
void (*obstack_alloc_failed_handler)(void) = alloc_failed;

static void *no_memory(size_t n)
{
	(void)n;
	return NULL;
}

int main(int argc, char **argv)
{
	(void)argc;
	struct argp argp = { 0 };
	char *av[] = { argv[0], "--version", NULL };
	/* ARGP_NO_EXIT: --version prints and returns */
	argp_parse(&argp, 2, av, ARGP_NO_EXIT, NULL, NULL);
	char *help[] = { argv[0], "--help", NULL };
	argp_parse(&argp, 2, help, ARGP_NO_EXIT, NULL, NULL);
	error_print_progname = progname;
	error(0, 0, "a message");
	fflush(stderr);
	struct obstack ob;
	obstack_specify_allocation(&ob, 0, 0, no_memory, free);
	printf("not reached\n");
	return 1;
}
