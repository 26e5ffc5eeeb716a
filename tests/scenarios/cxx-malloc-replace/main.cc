// The program replaces malloc/free/calloc/realloc with a bump allocator on a static buffer:
// allocations made inside libc (strdup, stdio, asprintf) and libstdc++ (operator new) use it.
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" char *dup_join(const char *a, const char *b);
extern "C" size_t dup_stream_roundtrip(void);

namespace {
constexpr std::size_t ARENA = 64u << 20, HDR = 16;
alignas(64) unsigned char arena[ARENA];
std::atomic<std::size_t> top{0};
std::atomic<long> n_malloc{0}, n_free{0}, n_calloc{0}, n_realloc{0}, n_foreign_free{0};

bool in_arena(const void *p)
{
    return (const unsigned char *)p >= arena && (const unsigned char *)p < arena + ARENA;
}

void *bump(std::size_t n)
{
    if (n > ARENA)
        return nullptr;
    std::size_t need = HDR + ((n + 15) & ~(std::size_t)15);
    std::size_t old = top.load(std::memory_order_relaxed);
    do {
        if (old + need > ARENA)
            return nullptr;
    } while (!top.compare_exchange_weak(old, old + need));
    unsigned char *p = arena + old;
    std::memcpy(p, &n, sizeof n); // header: requested size (for realloc)
    return p + HDR;
}

std::size_t size_of(void *p)
{
    std::size_t n;
    std::memcpy(&n, (unsigned char *)p - HDR, sizeof n);
    return n;
}
}

extern "C" {
void *malloc(std::size_t n)
{
    ++n_malloc;
    void *p = bump(n);
    if (!p)
        errno = ENOMEM;
    return p;
}
void free(void *p)
{
    if (!p)
        return;
    ++n_free;
    if (!in_arena(p))
        ++n_foreign_free; // memory from somewhere else (e.g. glibc's own memalign): leak it
}
void *calloc(std::size_t a, std::size_t b)
{
    ++n_calloc;
    std::size_t n;
    if (__builtin_mul_overflow(a, b, &n)) {
        errno = ENOMEM;
        return nullptr;
    }
    void *p = bump(n);
    if (!p) {
        errno = ENOMEM;
        return nullptr;
    }
    std::memset(p, 0, n);
    return p;
}
void *realloc(void *old, std::size_t n)
{
    ++n_realloc;
    if (!old)
        return bump(n);
    if (n == 0) {
        free(old);
        return nullptr;
    }
    if (!in_arena(old))
        return nullptr; // cannot know its size; never happens in this test
    std::size_t have = size_of(old);
    if (n <= have)
        return old;
    void *p = bump(n);
    if (!p) {
        errno = ENOMEM;
        return nullptr;
    }
    std::memcpy(p, old, have);
    return p;
}
}

struct Snap {
    long m, f, c, r;
    std::size_t t;
    Snap() : m(n_malloc), f(n_free), c(n_calloc), r(n_realloc), t(top) {}
};

static void report(const char *what, const Snap &s)
{
    // Collected before printing so that printf's own allocations don't count.
    long dm = n_malloc - s.m, df = n_free - s.f, dc = n_calloc - s.c, dr = n_realloc - s.r;
    bool grew = top > s.t;
    std::printf("%-30s malloc>0:%s free>0:%s calloc>0:%s realloc>0:%s arena-used:%s\n", what,
                dm > 0 ? "yes" : "no", df > 0 ? "yes" : "no", dc > 0 ? "yes" : "no",
                dr > 0 ? "yes" : "no", grew ? "yes" : "no");
}

int main()
{
    // Anything before main (libstdc++'s emergency exception pool, ...) already used the arena.
    bool before = n_malloc + n_calloc > 0;
    {
        Snap s; // the first output to stdout allocates its buffer with malloc
        std::printf("allocations before main: %s\n", before ? "yes" : "no");
        report("first printf (stdout buffer):", s);
    }
    {
        Snap s;
        char *buf = nullptr;
        std::size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        for (int i = 0; i < 200; i++)
            std::fprintf(f, "%d,", i);
        std::fclose(f);
        bool in = in_arena(buf);
        report("open_memstream:", s);
        std::printf("memstream len=%zu in arena: %s tail=%s\n", len, in ? "yes" : "no", buf + len - 4);
        free(buf);
    }
    {
        Snap s;
        char *d = strdup("hello from strdup");
        bool in = in_arena(d);
        report("strdup:", s);
        std::printf("strdup result in arena: %s text: %s\n", in ? "yes" : "no", d);
        free(d);
    }
    {
        Snap s;
        char *j = dup_join("left", "right");
        bool in = in_arena(j);
        report("lib asprintf+strdup:", s);
        std::printf("lib result in arena: %s text: %s\n", in ? "yes" : "no", j);
        free(j);
    }
    {
        Snap s;
        std::size_t n = dup_stream_roundtrip();
        report("lib tmpfile/getline:", s);
        std::printf("roundtrip bytes: %zu\n", n);
    }
    {
        Snap s;
        std::string str(200, 'z');
        std::vector<std::string> v;
        for (int i = 0; i < 100; i++)
            v.push_back(str + std::to_string(i));
        bool in = in_arena(v.data()) && in_arena(v[50].data());
        report("std::string/vector:", s);
        std::printf("libstdc++ allocations in arena: %s last=%s\n", in ? "yes" : "no",
                    v.back().c_str() + 200);
    }
    {
        Snap s;
        void *p = calloc(1000, 8);
        bool zero = true;
        for (int i = 0; i < 8000; i++)
            zero = zero && ((unsigned char *)p)[i] == 0;
        p = realloc(p, 100000);
        bool in = in_arena(p);
        free(p);
        errno = 0;
        void *big = malloc(ARENA * 2);
        int e = errno;
        volatile std::size_t half = ~(std::size_t)0 / 2;
        void *ovf = calloc(half, 4);
        report("calloc/realloc/malloc:", s);
        std::printf("calloc zeroed: %s realloc in arena: %s huge malloc NULL: %s ENOMEM: %s "
                    "overflowing calloc NULL: %s\n",
                    zero ? "yes" : "no", in ? "yes" : "no", big ? "no" : "yes", e == ENOMEM ? "yes" : "no",
                    ovf ? "no" : "yes");
    }
    {
        // glibc does not route posix_memalign/aligned_alloc through a replaced malloc: the
        // memory comes from glibc's own heap (not the arena) and free() sees a foreign pointer.
        void *pm = nullptr;
        int rc = posix_memalign(&pm, 64, 100);
        void *aa = aligned_alloc(128, 256);
        std::printf("posix_memalign rc=%d aligned=%s in arena=%s\n", rc,
                    ((std::uintptr_t)pm % 64) == 0 ? "yes" : "no", in_arena(pm) ? "yes" : "no");
        std::printf("aligned_alloc aligned=%s in arena=%s\n",
                    ((std::uintptr_t)aa % 128) == 0 ? "yes" : "no", in_arena(aa) ? "yes" : "no");
        long ff = n_foreign_free;
        free(pm);
        free(aa);
        std::printf("foreign frees seen: %ld\n", n_foreign_free - ff);
    }
    std::printf("done\n");
    return 0;
}
