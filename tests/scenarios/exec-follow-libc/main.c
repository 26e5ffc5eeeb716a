/*
 * exec-follow-libc: what the C library starts by itself runs under ld-c18n too -- system(3)
 * and popen(3) (glibc calls its own posix_spawn for them) -- and so do fexecve(3), with a
 * descriptor that stays open across the exec and with a close-on-exec one, and execveat(2),
 * relative to a directory descriptor and on a descriptor (AT_EMPTY_PATH).  With
 * LD_C18N_FOLLOW_EXEC=0 system's shell and its command run under the system loader.  Each
 * child says whether ld-c18n is mapped in it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "under-ld-c18n.h"

static void child(const char *how, int fd, int dirfd, const char *name)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *v[] = { "./prog", "check", (char *)how, NULL };
		if (name)
			execveat(dirfd, name, v, environ, 0);
		else if (dirfd >= 0)
			execveat(dirfd, "", v, environ, AT_EMPTY_PATH);
		else
			fexecve(fd, v, environ);
		printf("%s: %s\n", how, strerror(errno));
		_exit(1);
	}
	int st;
	waitpid(pid, &st, 0);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "check")) {
		printf("%s: under ld-c18n: %s\n", argv[2], under_ld_c18n() ? "yes" : "no");
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "unfollowed")) {
		system("./prog check 'system, following off'");
		return 0;
	}
	printf("parent: under ld-c18n: %s\n", under_ld_c18n() ? "yes" : "no");
	fflush(stdout);
	system("./prog check system");
	FILE *p = popen("./prog check 'popen for reading'", "r");
	char line[256];
	while (p && fgets(line, sizeof line, p))
		printf("read from the pipe: %s", line);
	pclose(p);
	fflush(stdout);
	p = popen("cat >/dev/null; ./prog check 'popen for writing'", "w");
	fputs("some input\n", p);
	pclose(p);
	child("fexecve", open("./prog", O_RDONLY), -1, NULL);
	child("fexecve, close-on-exec", open("./prog", O_RDONLY | O_CLOEXEC), -1, NULL);
	int dir = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	child("execveat in a directory", -1, dir, "prog");
	int self = open("./prog", O_RDONLY);
	child("execveat, AT_EMPTY_PATH", -1, self, NULL);
	fflush(stdout);
	system("LD_C18N_FOLLOW_EXEC=0 exec ./prog unfollowed");
	return 0;
}
