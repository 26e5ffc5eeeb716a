/*
 * exec-self: a program learns its own path and runs itself again, as under the system
 * loader: readlink("/proc/self/exe") names the program's file (not the loader's), and
 * executing /proc/self/exe (execv), then the program by name through PATH (execvp) and with
 * posix_spawn, runs the program again with the arguments given.
 */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *self_name(void)
{
	static char b[4096];
	ssize_t n = readlink("/proc/self/exe", b, sizeof b - 1);
	b[n > 0 ? n : 0] = 0;
	const char *s = strrchr(b, '/');
	return s ? s + 1 : b;
}

int main(int argc, char **argv)
{
	printf("step %s: argv[0] %s, /proc/self/exe is %s\n", argc > 1 ? argv[1] : "0", argv[0],
	       self_name());
	fflush(stdout);
	if (argc == 1) {
		char *v[] = { "renamed", "1", NULL };
		execv("/proc/self/exe", v);
		perror("execv");
		return 1;
	}
	if (!strcmp(argv[1], "1")) {
		char *v[] = { "prog", "2", NULL };
		execvp("prog", v); /* (the test puts the program's directory on PATH) */
		perror("execvp");
		return 1;
	}
	if (!strcmp(argv[1], "2")) {
		pid_t pid;
		char *v[] = { "spawned", "3", NULL };
		int r = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, v, environ);
		int st = 0;
		if (r == 0)
			waitpid(pid, &st, 0);
		printf("posix_spawn: %s, child status %d\n", r ? strerror(r) : "ok",
		       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	return 0;
}
