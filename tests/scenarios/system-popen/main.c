/*
 * system-popen: system(3), popen(3) and pclose(3) behave as the C library's (ld-c18n makes
 * them itself to follow exec): exit statuses and deaths by a signal, system(NULL), SIGINT
 * ignored by the caller while system waits (and default again in the command), popen for
 * reading and writing and their pclose statuses, "e" mode, a bad mode, and a second popen's
 * child not holding the first one's pipe open (else the first cat would never see its end).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int st)
{
	if (st == -1)
		printf("%s: -1\n", what);
	else if (WIFEXITED(st))
		printf("%s: exit %d\n", what, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: signal %d\n", what, WTERMSIG(st));
	fflush(stdout);
}

int main(void)
{
	printf("system(NULL): %s\n", system(NULL) ? "a shell" : "no shell");
	show("system exit 0", system("exit 0"));
	show("system exit 42", system("echo from the shell; exit 42"));
	show("system killed", system("kill -TERM $$"));
	show("system no such command", system("./no-such-command 2>/dev/null"));
	show("system, SIGINT sent to the caller", system("kill -INT $PPID; exit 5"));
	printf("the caller survived SIGINT during system\n");
	show("system, SIGINT in the command", system("kill -INT $$; exit 6"));

	FILE *p = popen("printf 'one\\ntwo\\n'; exit 7", "r");
	char line[128];
	while (p && fgets(line, sizeof line, p))
		printf("read: %s", line);
	show("pclose reading", pclose(p));

	p = popen("tr a-z A-Z; exit 8", "w");
	fputs("written through the pipe\n", p);
	fflush(stdout);
	show("pclose writing", pclose(p));

	p = popen("exit 0", "re");
	int fl = p ? fcntl(fileno(p), F_GETFD) : -1;
	printf("mode re: close-on-exec %s\n", fl >= 0 && (fl & FD_CLOEXEC) ? "yes" : "no");
	pclose(p);
	p = popen("exit 0", "r");
	fl = p ? fcntl(fileno(p), F_GETFD) : -1;
	printf("mode r: close-on-exec %s\n", fl >= 0 && (fl & FD_CLOEXEC) ? "yes" : "no");
	pclose(p);

	errno = 0;
	p = popen("exit 0", "x");
	printf("mode x: %s, %s\n", p ? "a stream" : "NULL", strerror(errno));

	FILE *a = popen("cat >/dev/null; echo first done", "w");
	FILE *b = popen("sleep 0.2; echo second done", "r");
	fputs("data\n", a);
	fflush(stdout);
	show("pclose of the first while the second runs", pclose(a));
	while (b && fgets(line, sizeof line, b))
		printf("read: %s", line);
	show("pclose of the second", pclose(b));
	return 0;
}
