/*
 * mprot.c: the unit isolation's costs are measured in (build/bench/mprot): one mprotect(2)
 * call changing one populated private page between PROT_NONE and PROT_READ|PROT_WRITE, as
 * isolation closes and opens a compartment's data.  Usage: mprot [CALLS [SAMPLES]] (defaults
 * 20000 and 2): per sample one line "BENCH mprotect_ns <nanoseconds per call>" (the format
 * bench/runner.c collects), then "checksum <n>".
 * Must stay true: the page is touched after every opening call (so it stays populated and the
 * checksum depends on every call); the clock is read only outside the timed loop, but for the
 * step timings, where it is read around each step (tens of ns, against microseconds).
 *
 * Also, per sample, what that pair is made of, each step timed on its own: "BENCH close1_ns"
 * (the mprotect that closes the resident page: the kernel must flush it from the TLB),
 * "BENCH open1_ns" (the one that opens it again: no flush) and "BENCH touch1_ns" (the first
 * write after it reopens: a TLB miss on hardware; under a paravirtualised MMU, a fault the
 * hypervisor takes to rebuild its own entry).
 *
 * Also, per sample, what the isolation guard's two writes of a round trip cost (isolation/guard.c:
 * the shadow of the trusted stack is read-only memory the loader writes with pwrite(2) on
 * /proc/self/mem): "BENCH guardpush_ns" (a 264-byte frame, as at a call) and "BENCH
 * guardpop_ns" (the 8-byte mark that ends it, as at the return), into a private read-only
 * page as the guard's own.
 *
 * Also, per sample, "BENCH stackfirst_ns <ns per stack>": what a compartment stack costs at
 * its thread's first call into the compartment (trampolines/tramp.c, new_stack), the part no
 * layout of the loader's own data can share between compartments: in a reservation of
 * 16 MiB slots, make a slot's upper 8 MiB readable and writable (one mprotect) and write the
 * stack's top word, the first use of a page table of its own.  STACKS stacks per sample.
 */
#define STACKS 64
#define STACK_SIZE ((size_t)8 << 20)
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000;
    int samples = argc > 2 ? atoi(argv[2]) : 2;
    /* (a page between two others of other protections: no merging with neighbours) */
    volatile char *m = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return 1;
    volatile char *p = m + 4096;
    mprotect((void *)p, 4096, PROT_READ | PROT_WRITE);
    long sum = 0;
    for (int s = 0; s < samples; s++) {
        double t0 = now_ns();
        for (long i = 0; i < n; i += 2) {
            mprotect((void *)p, 4096, PROT_NONE);
            mprotect((void *)p, 4096, PROT_READ | PROT_WRITE);
            p[i & 4095] = (char)i;
            sum += p[i & 4095];
        }
        double t1 = now_ns();
        printf("BENCH mprotect_ns %.4f\n", (t1 - t0) / n);
    }
    for (int s = 0; s < samples; s++) {
        double tc = 0, to = 0, tt = 0;
        long steps = n / 2 > 0 ? n / 2 : 1;
        for (long i = 0; i < steps; i++) {
            double a = now_ns();
            mprotect((void *)p, 4096, PROT_NONE);
            double b = now_ns();
            mprotect((void *)p, 4096, PROT_READ | PROT_WRITE);
            double c = now_ns();
            p[i & 4095] = (char)i;
            double d = now_ns();
            sum += p[i & 4095];
            tc += b - a;
            to += c - b;
            tt += d - c;
        }
        printf("BENCH close1_ns %.4f\nBENCH open1_ns %.4f\nBENCH touch1_ns %.4f\n", tc / steps,
               to / steps, tt / steps);
    }
    int memfd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
    char *shadow = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memfd < 0 || shadow == MAP_FAILED)
        return 1;
    char frame[264] = { 1 }, mark[8] = { 0 };
    for (int s = 0; s < samples; s++) {
        double tp = 0, tq = 0;
        long steps = n / 2 > 0 ? n / 2 : 1;
        for (long i = 0; i < steps; i++) {
            frame[8] = (char)i;
            double a = now_ns();
            if (pwrite(memfd, frame, sizeof frame, (off_t)(uintptr_t)shadow) != sizeof frame)
                return 1;
            double b = now_ns();
            if (pwrite(memfd, mark, sizeof mark, (off_t)(uintptr_t)shadow) != sizeof mark)
                return 1;
            double c = now_ns();
            sum += shadow[8];
            tp += b - a;
            tq += c - b;
        }
        printf("BENCH guardpush_ns %.4f\nBENCH guardpop_ns %.4f\n", tp / steps, tq / steps);
    }
    size_t slot = 2 * (STACK_SIZE + 4096);
    for (int s = 0; s < samples; s++) {
        char *r = mmap(NULL, STACKS * slot, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (r == MAP_FAILED)
            return 1;
        double t0 = now_ns();
        for (int k = 0; k < STACKS; k++) {
            char *lo = r + (STACKS - 1 - k) * slot + slot - STACK_SIZE;
            if (mprotect(lo, STACK_SIZE, PROT_READ | PROT_WRITE) != 0)
                return 1;
            ((volatile long *)(lo + STACK_SIZE))[-1] = k;
            sum += ((volatile long *)(lo + STACK_SIZE))[-1];
        }
        double t1 = now_ns();
        printf("BENCH stackfirst_ns %.1f\n", (t1 - t0) / STACKS);
        munmap(r, STACKS * slot);
    }
    printf("checksum %ld\n", sum);
    return 0;
}
