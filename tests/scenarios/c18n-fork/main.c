/*
 * c18n-fork: after fork (and after a raw clone that skips glibc's fork handlers), parent and
 * child each call library functions for the first time, interleaved so that both processes
 * make new trampoline entries in the same order: if the two shared their descriptors, the
 * second process's entries would overwrite the first's and a call would reach the wrong
 * function.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int fa(int), fb(int), fc(int), fd(int);

static void put(int fd, char c)
{
	if (write(fd, &c, 1) != 1)
		_exit(3);
}

static void get(int fd)
{
	char c;
	if (read(fd, &c, 1) != 1)
		_exit(4);
}

/* Direct calls only (a function pointer taken here would make its entry at start-up). */
static int call(int which, int x)
{
	switch (which) {
	case 0: return fa(x);
	case 1: return fb(x);
	case 2: return fc(x);
	default: return fd(x);
	}
}

/* The child makes the first call of function cf, then the parent that of pf, then each
 * calls its function again through the entry just made. */
static int round_trip(const char *how, int raw, int cf, int cv, int pf, int pv)
{
	int to_parent[2], to_child[2];
	if (pipe(to_parent) || pipe(to_child))
		return 1;
	fflush(stdout);
	pid_t pid = raw ? (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0) : fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		int a = call(cf, 1);        /* first call in the child: a new entry */
		put(to_parent[1], 'a');
		get(to_child[0]);      /* the parent has made its own entry meanwhile */
		int b = call(cf, 2);
		_exit(a == cv + 1 && b == cv + 2 ? 0 : 1);
	}
	get(to_parent[0]);
	int c = call(pf, 1);                /* first call in the parent: a new entry, same order */
	put(to_child[1], 'b');
	int st;
	waitpid(pid, &st, 0);
	int d = call(pf, 2);
	printf("%s: child %s, parent %s\n", how,
	       WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "ok" : "WRONG",
	       c == pv + 1 && d == pv + 2 ? "ok" : "WRONG");
	return 0;
}

int main(void)
{
	round_trip("fork", 0, 0, 1, 1, 20);
	round_trip("raw clone", 1, 2, 300, 3, 4000);
	printf("after: %d %d %d %d\n", fa(0), fb(0), fc(0), fd(0));
	return 0;
}
