/* tests/isolation: the program whose memory libevil reaches for; argv[1] names the attempt. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "evil.h"

uintptr_t leaked;
int public_counter = 1;
int table[4] __attribute__((aligned(4096))) = { 1, 2, 3, 4 };
/* each on a page of its own (isolation is page-grained: what shares a page with something
 * libevil may touch is open to it while it runs) */
char secret_next_page[4096] __attribute__((aligned(4096))) = "the page after the table";
char secret[4096] __attribute__((aligned(4096))) = "program secret";

__attribute__((noinline)) void prog_fn(void)
{
    static volatile int n;
    for (int i = 0; i < 8; i++)
        n += i;
}

static void say(const char *s)
{
    printf("%s\n", s);
    fflush(stdout);
}

static int report(const char *what, long r)
{
    printf("%s: %ld\n", what, r);
    fflush(stdout);
    return 0;
}

static void keep_local(void)
{
    int local = 5;
    evil_keep(&local);
    __asm__ volatile("" : : "r"(&local) : "memory");
}

static void attempt(const char *what)
{
    if (!strcmp(what, "read")) {
        say("reading the program's secret through a forged pointer");
        printf("read %c\n", evil_read_leaked());
    } else if (!strcmp(what, "write")) {
        say("writing the program's secret through a forged pointer");
        evil_write_leaked('X');
        printf("secret now %s\n", secret);
    } else if (!strcmp(what, "stale")) {
        keep_local();
        say("using a pointer to the program's stack after the call that passed it");
        volatile int dead = evil_use_kept(); /* (whatever the dead frame holds now) */
        (void)dead;
        say("read what the dead frame held");
    } else if (!strcmp(what, "memcpy")) {
        say("copying the program's secret with libc's memcpy");
        printf("copied %c\n", evil_memcpy_leaked());
    } else if (!strcmp(what, "jump")) {
        say("jumping into the middle of a function of the program");
        evil_call_inside(prog_fn);
    } else if (!strcmp(what, "oob-near")) {
        printf("table sum %d\n", evil_table_sum());
        say("reading past the imported table, within its page");
        printf("read %d\n", evil_oob_near());
    } else if (!strcmp(what, "oob")) {
        printf("table sum %d\n", evil_table_sum());
        say("reading past the imported table into the next page");
        printf("read %d\n", evil_oob());
    } else if (!strcmp(what, "mprotect")) {
        say("making the program's data executable with mprotect");
        printf("mprotect returned %d\n", evil_mprotect_leaked());
    } else if (!strcmp(what, "raw-mprotect")) {
        say("making the program's data executable with a syscall instruction");
        printf("raw mprotect returned %ld\n", evil_raw_mprotect());
    } else if (!strcmp(what, "exec-heap")) {
        say("making a heap page executable");
        printf("mprotect returned %d\n", evil_exec_heap());
    } else if (!strcmp(what, "jit")) {
        say("running a syscall instruction the library wrote into its own mapping");
        printf("getppid matched: %ld, futex woke %ld\n", evil_jit_getppid(), evil_raw_futex());
    } else if (!strcmp(what, "procmem-at")) {
        say("opening mem relative to a descriptor of /proc/self");
        printf("openat returned %s\n", evil_procmem_at() >= 0 ? "a descriptor" : "-1");
    } else if (!strcmp(what, "procmem-task")) {
        say("opening another thread's mem as /proc/TID/mem and /proc/self/task/TID/mem");
        printf("%d of 2 opened\n", evil_procmem_task());
    } else if (!strcmp(what, "loader-fd")) {
        say("taking the loader's descriptor on /proc/self/mem");
        printf("%s\n", evil_loader_fd(report) >= 0 ? "found it" : "not found");
    } else if (!strcmp(what, "procmem")) {
        say("opening /proc/self/mem");
        printf("open returned %s\n", evil_procmem() >= 0 ? "a descriptor" : "-1");
    } else if (!strcmp(what, "raw-sigaction")) {
        report("raw rt_sigaction (1: the old handler was SIG_DFL)", evil_raw_sigaction());
        raise(SIGUSR1);
        raise(SIGUSR1);
        report("SIGUSR1 seen by the library's handler", evil_usr1_seen());
    } else if (!strcmp(what, "int-addr")) {
        printf("read %c through a pointer parameter\n", evil_read_ptr(secret_next_page));
        say("reading the program's secret through its address passed as an integer");
        printf("read %c\n", evil_read_int((long)(uintptr_t)secret));
    }
}

int main(int argc, char **argv)
{
    leaked = (uintptr_t)secret;
    for (int i = 1; i < argc; i++)
        attempt(argv[i]);
    say("done");
    return 0;
}
