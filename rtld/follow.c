/*
 * follow.c: the programs a program runs, and the program's own path.
 *
 * Following exec (LD_C18N_FOLLOW_EXEC, on by default): the execve family (execve, execv,
 * execvp, execvpe, execl, execle, execlp) and posix_spawn/posix_spawnp, called by a program
 * or library ld-c18n loaded, run a dynamically linked target under ld-c18n again, with the
 * options this ld-c18n was given on its command line (and the environment, which carries the
 * LD_C18N_* variables), its argv[0] passed with --argv0.  A `#!' script whose interpreter is
 * dynamically linked runs that interpreter under ld-c18n with the arguments the kernel would
 * give it.  Statically linked, set-id and unreadable targets, and anything not understood,
 * are executed as asked: as they would run natively.  A child started this way gets
 * --followed, so that it appends to trace and statistics files instead of truncating them.
 *
 * Self-knowledge: natively /proc/self/exe is the program's file; here it is ld-c18n's.
 * readlink and readlinkat of /proc/self/exe (thread-self, or this process's id) answer the
 * program's real path, and executing it executes the program.
 *
 * What the C library starts by itself is followed by doing it here: system, popen and pclose
 * are made of the posix_spawn above (glibc's call its own posix_spawn internally, which no
 * interposition reaches), with glibc's semantics (system ignores SIGINT and SIGQUIT and
 * blocks SIGCHLD while it waits; popen's child closes the streams earlier popens left open).
 * fexecve and execveat run their target by a path: /proc/self/fd/N while the descriptor
 * stays open across the exec, else the file's own path when it still names the same file;
 * otherwise they run it natively.  Not followed: wordexp's command substitution.
 *
 * Must stay true: with following off, every call here behaves as the libc function, but for
 * /proc/self/exe naming the program; a target is rewritten only when it is certainly a
 * dynamically linked x86-64 program or a script for one; nothing here prints.
 */
#include "rtld.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int follow_exec = 1;             /* LD_C18N_FOLLOW_EXEC */
int follow_child;                /* --followed */
static char self_path[PATH_MAX]; /* ld-c18n's own file */
static char prog_path[PATH_MAX]; /* the program's real path */
static char **opts;              /* the loader options passed on to a child */
static int nopts;

void follow_init(char **argv, int nopt, const char *progpath)
{
	ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
	self_path[n > 0 ? n : 0] = 0;
	if (!realpath(progpath, prog_path))
		snprintf(prog_path, sizeof prog_path, "%s", progpath);
	opts = rtld_alloc((size_t)(nopt + 1) * sizeof *opts);
	for (int i = 0; opts && i < nopt; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--followed") || !strncmp(a, "--argv0=", 8))
			continue;
		if (!strcmp(a, "--argv0")) { /* (and its value) */
			i++;
			continue;
		}
		opts[nopts++] = argv[i];
	}
}

/* /proc/self/exe, /proc/thread-self/exe, /proc/PID/exe of this process */
static int is_self_exe(const char *p)
{
	if (!p || strncmp(p, "/proc/", 6))
		return 0;
	p += 6;
	if (!strcmp(p, "self/exe") || !strcmp(p, "thread-self/exe"))
		return 1;
	char *end;
	long pid = strtol(p, &end, 10);
	return end != p && pid == getpid() && !strcmp(end, "/exe");
}

/* How the target at path runs: natively, or under ld-c18n (as a program, or through the
 * dynamically linked interpreter of its #! line, *interp with its optional *iarg). */
enum how { NATIVE, PROGRAM, SCRIPT };

static enum how examine(const char *path, char *interp, size_t ni, char *iarg, size_t na,
			int depth)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NATIVE;
	struct stat st;
	unsigned char buf[512];
	ssize_t n = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && !(st.st_mode & (S_ISUID | S_ISGID)))
		n = pread(fd, buf, sizeof buf, 0);
	enum how how = NATIVE;
	if (n >= (ssize_t)sizeof(ElfW(Ehdr)) && !memcmp(buf, ELFMAG, SELFMAG)) {
		const ElfW(Ehdr) *eh = (const void *)buf;
		if (eh->e_ident[EI_CLASS] == ELFCLASS64 && eh->e_machine == EM_ARCH &&
		    (eh->e_type == ET_EXEC || eh->e_type == ET_DYN) &&
		    eh->e_phentsize == sizeof(ElfW(Phdr)) && eh->e_phnum > 0 && eh->e_phnum <= 64) {
			ElfW(Phdr) ph[64];
			size_t bytes = eh->e_phnum * sizeof *ph;
			if (pread(fd, ph, bytes, (off_t)eh->e_phoff) == (ssize_t)bytes)
				for (size_t i = 0; i < eh->e_phnum; i++)
					if (ph[i].p_type == PT_INTERP)
						how = PROGRAM;
		}
	} else if (n > 2 && buf[0] == '#' && buf[1] == '!' && depth == 0) {
		/* the kernel's reading: the interpreter up to a blank, then one argument, the
		 * rest of the line with its outer blanks removed */
		size_t end = 2;
		while (end < (size_t)n && buf[end] != '\n')
			end++;
		if (end < (size_t)n) {
			char line[512];
			memcpy(line, buf + 2, end - 2);
			line[end - 2] = 0;
			char *p = line + strspn(line, " \t");
			size_t il = strcspn(p, " \t");
			char *a = p + il + strspn(p + il, " \t");
			size_t al = strlen(a);
			while (al && (a[al - 1] == ' ' || a[al - 1] == '\t'))
				a[--al] = 0;
			p[il] = 0;
			if (il && il < ni && al < na) {
				memcpy(interp, p, il + 1);
				memcpy(iarg, a, al + 1);
				if (examine(interp, NULL, 0, NULL, 0, 1) == PROGRAM)
					how = SCRIPT;
			}
		}
	}
	close(fd);
	return how;
}

static int following(void) { return follow_exec && *self_path && opts; }

/* The argument vector that runs path (as asked, argv) under ld-c18n, or NULL: natively. */
static char **wrap(const char *path, char *const argv[])
{
	char interp[PATH_MAX], iarg[PATH_MAX];
	if (!following() || !argv || !argv[0])
		return NULL;
	enum how how = examine(path, interp, sizeof interp, iarg, sizeof iarg, 0);
	if (how == NATIVE)
		return NULL;
	size_t argc = 0;
	while (argv[argc])
		argc++;
	/* self, options, --followed, then --argv0 ARGV0 PATH or INTERP [IARG] PATH, the rest;
	 * a script's interpreter and argument copied after the vector (one block to free) */
	size_t nv = nopts + argc + 8;
	size_t il = how == SCRIPT ? strlen(interp) + 1 : 0, al = how == SCRIPT ? strlen(iarg) + 1 : 0;
	char **v = rtld_alloc(nv * sizeof *v + il + al);
	if (!v)
		return NULL;
	size_t k = 0;
	v[k++] = self_path;
	for (int i = 0; i < nopts; i++)
		v[k++] = opts[i];
	v[k++] = "--followed";
	if (how == PROGRAM) {
		v[k++] = "--argv0";
		v[k++] = argv[0];
		v[k++] = (char *)path;
	} else {
		char *strs = (char *)(v + nv);
		v[k++] = memcpy(strs, interp, il);
		if (*iarg)
			v[k++] = memcpy(strs + il, iarg, al);
		v[k++] = (char *)path;
	}
	for (size_t i = 1; i < argc; i++)
		v[k++] = argv[i];
	v[k] = NULL;
	return v;
}

/* Executes v (a vector wrap made) as this ld-c18n: only on failure, -1 with errno, v freed. */
static int exec_self(char **v, char *const envp[])
{
	execve(self_path, v, envp);
	int e = errno;
	rtld_free(v);
	errno = e;
	return -1;
}

static int f_execve(const char *path, char *const argv[], char *const envp[])
{
	trace_flush_all(); /* (the records buffered so far, before this image goes) */
	if (is_self_exe(path))
		path = prog_path;
	char **v = wrap(path, argv);
	return v ? exec_self(v, envp) : execve(path, argv, envp);
}

static int f_execv(const char *path, char *const argv[]) { return f_execve(path, argv, environ); }

/* execvp's and posix_spawnp's PATH search, with glibc's default PATH */
#define DEFAULT_PATH "/bin:/usr/bin"

static int f_execvpe(const char *file, char *const argv[], char *const envp[])
{
	char path[PATH_MAX];
	int err = search_exec_path(file, DEFAULT_PATH, path, sizeof path);
	if (err) {
		errno = err;
		return -1;
	}
	return f_execve(path, argv, envp);
}

static int f_execvp(const char *file, char *const argv[]) { return f_execvpe(file, argv, environ); }

/* execl, execle, execlp: the arguments up to NULL into v (execle's environment follows) */
#define COLLECT(first, ap, v)                                                              \
	size_t n_ = 1;                                                                      \
	va_list c_;                                                                         \
	va_copy(c_, ap);                                                                    \
	while (va_arg(c_, char *))                                                          \
		n_++;                                                                       \
	va_end(c_);                                                                         \
	char *v[n_ + 1];                                                                    \
	v[0] = (char *)(first);                                                             \
	for (size_t i_ = 1; i_ <= n_; i_++)                                                 \
		v[i_] = va_arg(ap, char *)

static int f_execl(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	COLLECT(arg, ap, v);
	va_end(ap);
	return f_execve(path, v, environ);
}

static int f_execle(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	COLLECT(arg, ap, v);
	char **envp = va_arg(ap, char **);
	va_end(ap);
	return f_execve(path, v, envp);
}

static int f_execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	COLLECT(arg, ap, v);
	va_end(ap);
	return f_execvp(file, v);
}

static int f_posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
			 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	if (is_self_exe(path))
		path = prog_path;
	char **v = wrap(path, argv);
	if (!v)
		return posix_spawn(pid, path, fa, attr, argv, envp);
	int r = posix_spawn(pid, self_path, fa, attr, v, envp);
	rtld_free(v);
	return r;
}

static int f_posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
			  const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	char path[PATH_MAX];
	int err = search_exec_path(file, DEFAULT_PATH, path, sizeof path);
	if (err)
		return err;
	return f_posix_spawn(pid, path, fa, attr, argv, envp);
}

/* ---- fexecve, execveat ---- */
/* The absolute path descriptor fd was opened by, in path (n bytes): its length, or -1. */
static ssize_t fd_link(int fd, char *path, size_t n)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	ssize_t l = readlink(proc, path, n - 1);
	if (l <= 0 || path[0] != '/')
		return -1;
	path[l] = 0;
	return l;
}

/* A path that reaches the file open as fd in the executed image, or 0: none (path left
 * as it was).  /proc/self/fd/N dies with a close-on-exec descriptor, so then the file's own
 * path, when it is still the same file. */
static int fd_path(int fd, char *path, size_t n)
{
	struct stat fs, ps;
	int fl = fcntl(fd, F_GETFD);
	if (fl < 0 || fstat(fd, &fs) < 0)
		return 0;
	if (!(fl & FD_CLOEXEC)) {
		snprintf(path, n, "/proc/self/fd/%d", fd);
		return 1;
	}
	return fd_link(fd, path, n) > 0 && stat(path, &ps) == 0 && ps.st_dev == fs.st_dev &&
	       ps.st_ino == fs.st_ino;
}

static int f_fexecve(int fd, char *const argv[], char *const envp[])
{
	char path[PATH_MAX];
	char **v = following() && fd_path(fd, path, sizeof path) ? wrap(path, argv) : NULL;
	if (!v)
		return fexecve(fd, argv, envp);
	trace_flush_all();
	return exec_self(v, envp);
}

static int f_execveat(int dirfd, const char *path, char *const argv[], char *const envp[],
		      int flags)
{
	char full[PATH_MAX];
	if (!following() || !path)
		return execveat(dirfd, path, argv, envp, flags);
	if (!*path && (flags & AT_EMPTY_PATH))
		return f_fexecve(dirfd, argv, envp);
	if (flags & AT_SYMLINK_NOFOLLOW) { /* (a link fails with ELOOP: as asked) */
		struct stat st;
		if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) < 0 || S_ISLNK(st.st_mode))
			return execveat(dirfd, path, argv, envp, flags);
	}
	if (path[0] == '/' || dirfd == AT_FDCWD)
		return f_execve(path, argv, envp);
	char dir[PATH_MAX];
	if (fd_link(dirfd, dir, sizeof dir) < 0 ||
	    snprintf(full, sizeof full, "%s/%s", dir, path) >= (int)sizeof full)
		return execveat(dirfd, path, argv, envp, flags);
	return f_execve(full, argv, envp);
}

/* ---- system, popen, pclose ---- */
/* sh -c cmd, followed: posix_spawn's answer */
static int spawn_shell(pid_t *pid, const char *cmd, const posix_spawn_file_actions_t *fa,
		       const posix_spawnattr_t *attr)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	return f_posix_spawn(pid, "/bin/sh", fa, attr, argv, environ);
}

/* The child's status once it has ended (waiting through signals), or -1. */
static int wait_child(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return st;
}

static int f_system(const char *cmd)
{
	if (!following())
		return system(cmd);
	if (!cmd) /* (is there a shell) */
		return f_system("exit 0") == 0;
	struct sigaction ign, old_int, old_quit;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigset_t chld, old_mask;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	/* (the kernel's actions, read and put back as they were: no handler is rewrapped) */
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pthread_sigmask(SIG_BLOCK, &chld, &old_mask);
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	sigset_t dfl;
	sigemptyset(&dfl);
	if (old_int.sa_handler != SIG_IGN)
		sigaddset(&dfl, SIGINT);
	if (old_quit.sa_handler != SIG_IGN)
		sigaddset(&dfl, SIGQUIT);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setsigmask(&attr, &old_mask);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	pid_t pid;
	int r = spawn_shell(&pid, cmd, NULL, &attr);
	posix_spawnattr_destroy(&attr);
	/* (as glibc: exit 127 when the shell could not be run) */
	int st = r == 0 ? wait_child(pid) : W_EXITCODE(127, 0);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	return st;
}

/* The streams popen made and not yet pclose'd, with their children. */
struct piped {
	FILE *f;
	int fd;
	pid_t pid;
	struct piped *next;
};
static struct piped *piped;
static pthread_mutex_t piped_lock = PTHREAD_MUTEX_INITIALIZER;

static FILE *f_popen(const char *cmd, const char *mode)
{
	if (!following())
		return popen(cmd, mode);
	int rd = mode && mode[0] == 'r', cloexec = mode && strchr(mode, 'e');
	if (!mode || (mode[0] != 'r' && mode[0] != 'w') ||
	    mode[1 + (mode[1] == 'e')] != 0) {
		errno = EINVAL;
		return NULL;
	}
	struct piped *p = rtld_alloc(sizeof *p);
	int fds[2];
	if (!p || pipe2(fds, O_CLOEXEC) < 0) {
		int e = p ? errno : ENOMEM;
		rtld_free(p);
		errno = e;
		return NULL;
	}
	int mine = rd ? fds[0] : fds[1], theirs = rd ? fds[1] : fds[0];
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, theirs, rd ? 1 : 0);
	pthread_mutex_lock(&piped_lock);
	for (struct piped *q = piped; q; q = q->next) /* (POSIX: not in the new child) */
		if (q->fd != (rd ? 1 : 0))
			posix_spawn_file_actions_addclose(&fa, q->fd);
	pid_t pid;
	int r = spawn_shell(&pid, cmd, &fa, NULL);
	posix_spawn_file_actions_destroy(&fa);
	close(theirs);
	FILE *f = NULL;
	if (r == 0 && (cloexec || fcntl(mine, F_SETFD, 0) == 0))
		f = fdopen(mine, rd ? "r" : "w");
	if (!f) {
		int e = r ? r : errno;
		close(mine);
		if (r == 0)
			wait_child(pid);
		pthread_mutex_unlock(&piped_lock);
		rtld_free(p);
		errno = e;
		return NULL;
	}
	p->f = f;
	p->fd = mine;
	p->pid = pid;
	p->next = piped;
	piped = p;
	pthread_mutex_unlock(&piped_lock);
	return f;
}

static int f_pclose(FILE *f)
{
	pthread_mutex_lock(&piped_lock);
	struct piped **pp = &piped;
	while (*pp && (*pp)->f != f)
		pp = &(*pp)->next;
	struct piped *p = *pp;
	if (p)
		*pp = p->next;
	pthread_mutex_unlock(&piped_lock);
	if (!p)
		return pclose(f); /* (one glibc's own popen made, before following started) */
	pid_t pid = p->pid;
	rtld_free(p);
	fclose(f);
	return wait_child(pid);
}

static ssize_t answer_self(char *buf, size_t n)
{
	size_t len = strlen(prog_path);
	if (len > n)
		len = n;
	memcpy(buf, prog_path, len); /* (readlink does not terminate) */
	return (ssize_t)len;
}

static ssize_t f_readlink(const char *path, char *buf, size_t n)
{
	if (is_self_exe(path) && *prog_path)
		return answer_self(buf, n);
	return readlink(path, buf, n);
}

static ssize_t f_readlinkat(int dirfd, const char *path, char *buf, size_t n)
{
	if (is_self_exe(path) && *prog_path)
		return answer_self(buf, n);
	return readlinkat(dirfd, path, buf, n);
}

static const struct interpose table[] = {
	{ "execve", (void *)f_execve },
	{ "execv", (void *)f_execv },
	{ "execvp", (void *)f_execvp },
	{ "execvpe", (void *)f_execvpe },
	{ "execl", (void *)f_execl },
	{ "execle", (void *)f_execle },
	{ "execlp", (void *)f_execlp },
	{ "posix_spawn", (void *)f_posix_spawn },
	{ "posix_spawnp", (void *)f_posix_spawnp },
	{ "fexecve", (void *)f_fexecve },
	{ "execveat", (void *)f_execveat },
	{ "system", (void *)f_system },
	{ "popen", (void *)f_popen },
	{ "pclose", (void *)f_pclose },
	{ "readlink", (void *)f_readlink },
	{ "readlinkat", (void *)f_readlinkat },
};

ElfW(Addr) follow_interpose(const char *name, uint32_t gnu_hash)
{
	static uint32_t hashes[ARRAY_SIZE(table)];
	static int hashed;
	return interpose_lookup(table, ARRAY_SIZE(table), hashes, &hashed, name, gnu_hash);
}
