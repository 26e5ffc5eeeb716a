/*
 * exec-follow: programs a program runs under ld-c18n run under ld-c18n too
 * (LD_C18N_FOLLOW_EXEC, on by default): through sh -c (execvp of sh, which then executes the
 * program), posix_spawnp, and a #! script; a statically linked program runs natively; with
 * LD_C18N_FOLLOW_EXEC=0, a program's children run under the system loader.  Each child says
 * whether ld-c18n is mapped in it.
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "under-ld-c18n.h"

extern char **environ;

static void run(char **v, int use_path)
{
	pid_t pid;
	int st = 0, r = use_path ? posix_spawnp(&pid, v[0], NULL, NULL, v, environ)
				 : posix_spawn(&pid, v[0], NULL, NULL, v, environ);
	if (r == 0)
		waitpid(pid, &st, 0);
	if (r || !WIFEXITED(st) || WEXITSTATUS(st))
		printf("%s: %s, status %d\n", v[0], r ? strerror(r) : "ran", st);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "check")) {
		printf("%s: under ld-c18n: %s\n", argv[2], under_ld_c18n() ? "yes" : "no");
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "spawn-check")) { /* (started with following off) */
		run((char *[]){ "./prog", "check", "child of a program run with following off",
				NULL }, 0);
		return 0;
	}
	printf("parent: under ld-c18n: %s\n", under_ld_c18n() ? "yes" : "no");
	fflush(stdout);
	run((char *[]){ "sh", "-c", "./prog check 'command of sh -c'", NULL }, 1);
	run((char *[]){ "./script.sh", NULL }, 0);
	run((char *[]){ "./static", NULL }, 0);
	run((char *[]){ "env", "LD_C18N_FOLLOW_EXEC=0", "./prog", "spawn-check", NULL }, 1);
	return 0;
}
