/* Helpers shared by the c18n-* scenarios (this directory has no build script, so the harness
 * does not run it).  Header-only: every program or library that needs them includes it.
 *
 * find_mapping() reads /proc/self/maps with open/read only (no stdio, no malloc), so a library
 * can call it without leaving anything but its own data on its stack.  It is not
 * async-signal-safe only in that it may be interrupted; call it outside signal handlers. */
#ifndef C18N_TEST_H
#define C18N_TEST_H

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

struct mapping {
    uintptr_t lo, hi;
    char path[200];
};

static uintptr_t c18n_hex(const char **p)
{
    uintptr_t v = 0;
    for (;; (*p)++) {
        char c = **p;
        if (c >= '0' && c <= '9') v = v * 16 + (uintptr_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v = v * 16 + (uintptr_t)(c - 'a' + 10);
        else return v;
    }
}

/* "lo-hi perms offset dev inode   path" */
static int c18n_parse_line(const char *line, uintptr_t a, struct mapping *m)
{
    const char *p = line;
    uintptr_t lo = c18n_hex(&p);
    if (*p != '-') return 0;
    p++;
    uintptr_t hi = c18n_hex(&p);
    if (a < lo || a >= hi) return 0;
    m->lo = lo;
    m->hi = hi;
    for (int field = 0; field < 4; field++) { /* perms offset dev inode */
        while (*p == ' ') p++;
        while (*p && *p != ' ') p++;
    }
    while (*p == ' ') p++;
    size_t n = strlen(p);
    if (n >= sizeof m->path) n = sizeof m->path - 1;
    memcpy(m->path, p, n);
    m->path[n] = 0;
    return 1;
}

/* The mapping containing address a; 0 if none. */
static __attribute__((unused)) int find_mapping(uintptr_t a, struct mapping *m)
{
    int fd = open("/proc/self/maps", O_RDONLY);
    if (fd < 0) return 0;
    char buf[2048], line[512];
    size_t ll = 0;
    ssize_t n;
    int found = 0;
    while (!found && (n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n && !found; i++) {
            if (buf[i] != '\n') {
                if (ll < sizeof line - 1) line[ll++] = buf[i];
                continue;
            }
            line[ll] = 0;
            ll = 0;
            found = c18n_parse_line(line, a, m);
        }
    }
    close(fd);
    return found;
}

static __attribute__((unused)) int same_mapping(uintptr_t a, uintptr_t b)
{
    struct mapping ma, mb;
    return find_mapping(a, &ma) && find_mapping(b, &mb) && ma.lo == mb.lo;
}

/* The address of a local variable of the calling function (a point on the current stack). */
#define HERE_SP()                                                                                  \
    ({                                                                                             \
        volatile char here_ = 0;                                                                   \
        uintptr_t a_ = (uintptr_t)&here_;                                                          \
        __asm__ volatile("" : "+r"(a_) : : "memory");                                             \
        a_;                                                                                        \
    })

#define YN(c) ((c) ? "yes" : "no")

#endif
