/* libevil: a library that reaches for memory it holds no capability for. */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "evil.h"

static int *kept;

int evil_read_leaked(void) { return *(volatile char *)leaked; }
void evil_write_leaked(char c) { *(volatile char *)leaked = c; }
void evil_keep(int *p) { kept = p; }
int evil_use_kept(void) { return *(volatile int *)kept; }
int evil_memcpy_leaked(void)
{
    static char buf[32];
    size_t n = 16;
    __asm__("" : "+r"(n)); /* (a call to libc's memcpy, not inlined loads) */
    memcpy(buf, (const void *)leaked, n);
    return buf[0];
}
/* into the middle of a function of the program's */
int evil_call_inside(void (*f)(void))
{
    void (*mid)(void) = (void (*)(void))((char *)f + 4);
    mid();
    return 0;
}
int evil_table_sum(void) { return table[0] + table[1] + table[2] + table[3] + public_counter; }
/* past the imported table, onto the next page of the program's data */
int evil_oob(void) { return ((volatile int *)table)[1024]; }
int evil_mprotect_leaked(void)
{
    return mprotect((void *)(leaked & ~(uintptr_t)4095), 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
}
int evil_procmem(void)
{
    int fd = open("/proc/self/mem", O_RDWR);
    if (fd >= 0)
        close(fd);
    return fd;
}
/* (after the cases above, whose line numbers the reports name) */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>

/* mprotect made with a syscall instruction of its own, not through the C library */
long evil_raw_mprotect(void)
{
    long r;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "0"(10L /* mprotect */), "D"(leaked & ~(uintptr_t)4095), "S"(4096L),
                       "d"((long)(PROT_READ | PROT_WRITE | PROT_EXEC))
                     : "rcx", "r11", "memory");
    return r;
}
/* /proc/self/mem by other names: relative to a directory descriptor of /proc/self */
int evil_procmem_at(void)
{
    int dir = open("/proc/self", O_RDONLY | O_DIRECTORY);
    int fd = openat(dir, "mem", O_RDWR);
    close(dir);
    if (fd >= 0)
        close(fd);
    return fd;
}
/* ... and through another thread's task: /proc/TID/mem, /proc/self/task/TID/mem */
static int gate[2];
static void *waiter(void *arg)
{
    char c;
    *(volatile pid_t *)arg = (pid_t)syscall(SYS_gettid);
    return (void *)(long)read(gate[0], &c, 1);
}
int evil_procmem_task(void)
{
    volatile pid_t tid = 0;
    pthread_t th;
    char path[64];
    int n = 0;
    if (pipe(gate) < 0 || pthread_create(&th, NULL, waiter, (void *)&tid) != 0)
        return -1;
    while (!tid)
        sched_yield();
    snprintf(path, sizeof path, "/proc/%d/mem", (int)tid);
    int fd = open(path, O_RDWR);
    n += fd >= 0;
    if (fd >= 0)
        close(fd);
    snprintf(path, sizeof path, "/proc/self/task/%d/mem", (int)tid);
    fd = open(path, O_RDWR);
    n += fd >= 0;
    if (fd >= 0)
        close(fd);
    write(gate[1], "x", 1);
    pthread_join(th, NULL);
    return n;
}
/* the loader's own descriptor on this process's memory, found by its name */
int evil_loader_fd(int (*say)(const char *what, long r))
{
    char path[64], link[256];
    int fd = -1;
    for (int i = 0; i < 4096 && fd < 0; i++) {
        snprintf(path, sizeof path, "/proc/self/fd/%d", i);
        ssize_t n = readlink(path, link, sizeof link - 1);
        if (n > 4 && !memcmp(link + n - 4, "/mem", 4))
            fd = i;
    }
    if (fd < 0)
        return -1;
    say("write", write(fd, "x", 1));
    say("pwrite", pwrite(fd, "x", 1, 4096));
    say("dup2 onto it", dup2(1, fd));
    say("dup", dup(fd));
    say("fcntl F_SETFL", fcntl(fd, F_SETFL, O_NONBLOCK));
    say("mmap", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0);
    say("syscall(SYS_write)", syscall(SYS_write, fd, "x", 1));
    say("close", close(fd));
    say("still open", fcntl(fd, F_GETFD) >= 0);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int again = open(path, O_RDONLY);
    say("open /proc/self/fd/N", again >= 0);
    if (again >= 0)
        close(again);
    return fd;
}
/* making heap memory executable: code there would escape the system-call filter */
int evil_exec_heap(void)
{
    static char *buf;
    if (!buf && posix_memalign((void **)&buf, 4096, 4096) != 0)
        return -1;
    return mprotect(buf, 4096, PROT_READ | PROT_EXEC);
}
/* code this library writes into a mapping of its own, then runs: its syscall traps too */
long evil_jit_getppid(void)
{
    static const unsigned char code[] = { 0xb8, 110, 0, 0, 0, /* mov $110 (getppid), %eax */
                                          0x0f, 0x05,        /* syscall */
                                          0xc3 };            /* ret */
    unsigned char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                            -1, 0);
    if (m == MAP_FAILED)
        return -1;
    memcpy(m, code, sizeof code);
    if (mprotect(m, 4096, PROT_READ | PROT_EXEC) < 0)
        return -2;
    long pid = ((long (*)(void))m)();
    munmap(m, 4096);
    return pid == getppid();
}
/* past the imported table's 16 bytes, on its own page, in the call that read the table: the
 * page is open by then (page grain) */
int evil_oob_near(void)
{
    volatile int *t = (volatile int *)table;
    int first = t[0];
    return t[5] + first - 1;
}
/* an address passed as a pointer, and the same address passed as an integer: with DWARF, only
 * a pointer-typed parameter carries a capability (as under CHERI, where an integer has no tag) */
char evil_read_ptr(const char *p) { return *(volatile const char *)p; }
char evil_read_int(long addr) { return *(volatile const char *)addr; }
#include <signal.h>
/* a handler installed with a raw rt_sigaction (kernel's struct, its own restorer): under
 * audit the call is reported and made as through sigaction(2), so that the handler still runs
 * in this compartment, behind the loader's dispatcher */
static volatile int usr1_seen;
static void evil_on_usr1(int sig) { usr1_seen += sig == SIGUSR1; }
__attribute__((naked)) static void evil_restorer(void)
{
    __asm__ volatile("mov $15, %eax\n\tsyscall"); /* rt_sigreturn */
}
long evil_raw_sigaction(void)
{
    struct {
        void (*handler)(int);
        unsigned long flags;
        void (*restorer)(void);
        unsigned long mask;
    } act = { evil_on_usr1, 0x04000000 /* SA_RESTORER */, evil_restorer, 0 }, old;
    long r;
    register long sigsetsize __asm__("r10") = 8;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "0"(13L /* rt_sigaction */), "D"((long)SIGUSR1), "S"(&act), "d"(&old),
                       "r"(sigsetsize)
                     : "rcx", "r11", "memory");
    return r ? r : old.handler == SIG_DFL;
}
int evil_usr1_seen(void) { return usr1_seen; }
/* a futex wake made with a syscall instruction of its own (as OpenMP's runtime makes them):
 * the filter lets it through, unreported (c18n(7)); 0 threads woken */
long evil_raw_futex(void)
{
    static int word;
    long r;
    __asm__ volatile("syscall"
                     : "=a"(r)
                     : "0"((long)SYS_futex), "D"(&word), "S"(1L /* FUTEX_WAKE */), "d"(1L)
                     : "rcx", "r11", "memory");
    return r;
}
