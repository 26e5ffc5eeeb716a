/* tests/isolation: an isolated program and its library run native programs (system(3),
 * popen(3), fork and execv, posix_spawn(3), vfork and execve).  The system-call filter they
 * inherit must never trap in them. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int spawn_system(const char *cmd);
int spawn_popen(const char *cmd, char *out, int n);
extern char **environ;

int main(void)
{
    char buf[256];
    printf("system: %d\n", spawn_system("/bin/echo hi from system; /bin/sh -c 'exit 3'"));
    int st = spawn_popen("/usr/bin/printf 'hi from %s\\n' popen; /bin/ls -d /", buf, sizeof buf);
    printf("%spopen: %d\n", buf, st);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", "echo hi from $0 child of fork; exit 7", "sh", (char *)0);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("fork+exec: exit %d\n", WEXITSTATUS(st));
    fflush(stdout);
    char *argv[] = { "cat", "/proc/self/comm", NULL };
    if (posix_spawn(&pid, "/bin/cat", NULL, NULL, argv, environ) == 0)
        waitpid(pid, &st, 0);
    printf("posix_spawn: exit %d\n", WEXITSTATUS(st));
    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        char *a[] = { "true", NULL };
        execve("/bin/true", a, environ);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("vfork+execve: exit %d\n", WEXITSTATUS(st));
    return 0;
}
