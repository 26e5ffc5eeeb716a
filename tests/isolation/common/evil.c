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
