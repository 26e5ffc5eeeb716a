// The program replaces every operator new/delete (counting): allocations made in a library and
// inside libstdc++ itself (std::string, std::vector, ostringstream, exceptions' what()) go through it.
#include "libstrings.h"
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <vector>

static std::atomic<long> n_new{0}, n_delete{0}, n_new_array{0}, n_delete_array{0}, n_nothrow{0},
    n_aligned{0};

void *operator new(std::size_t n)
{
    ++n_new;
    if (void *p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}
void *operator new[](std::size_t n)
{
    ++n_new_array;
    if (void *p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}
void *operator new(std::size_t n, const std::nothrow_t &) noexcept
{
    ++n_nothrow;
    return std::malloc(n ? n : 1);
}
void *operator new(std::size_t n, std::align_val_t a)
{
    ++n_aligned;
    void *p = nullptr;
    if (posix_memalign(&p, (std::size_t)a < sizeof(void *) ? sizeof(void *) : (std::size_t)a, n ? n : 1))
        throw std::bad_alloc();
    return p;
}
void operator delete(void *p) noexcept
{
    if (p) ++n_delete;
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept
{
    if (p) ++n_delete;
    std::free(p);
}
void operator delete[](void *p) noexcept
{
    if (p) ++n_delete_array;
    std::free(p);
}
void operator delete[](void *p, std::size_t) noexcept
{
    if (p) ++n_delete_array;
    std::free(p);
}
void operator delete(void *p, std::align_val_t) noexcept
{
    if (p) ++n_delete;
    std::free(p);
}
void operator delete(void *p, std::size_t, std::align_val_t) noexcept
{
    if (p) ++n_delete;
    std::free(p);
}

struct alignas(64) Wide {
    char c[64];
};

static long snap_new, snap_del;
static void begin() { snap_new = n_new; snap_del = n_delete; }
static void end(const char *what)
{
    std::printf("%-28s new>0:%s delete>0:%s balanced:%s\n", what, n_new > snap_new ? "yes" : "no",
                n_delete > snap_del ? "yes" : "no",
                n_new - snap_new == n_delete - snap_del ? "yes" : "no");
}

int main()
{
    begin();
    {
        std::string s = lib_make_string(10);
        std::printf("lib string length %zu\n", s.size());
    }
    end("lib std::string:");

    begin();
    {
        std::unique_ptr<std::vector<int>> v(lib_new_vector(1000));
        std::printf("lib vector size %zu sum-check %d\n", v->size(), (*v)[999]);
    }
    end("lib new vector, main delete:");

    begin();
    {
        std::string s = lib_format(7, 1.5);
        std::printf("lib ostringstream: %.10s...\n", s.c_str());
    }
    end("lib ostringstream:");

    begin();
    {
        std::map<int, std::string> m;
        for (int i = 0; i < 50; i++)
            m[i] = std::string(40, char('a' + i % 26));
        std::printf("map size %zu\n", m.size());
    }
    end("main std::map:");

    begin();
    {
        int *p = lib_new_int(41);
        std::printf("lib new int %d\n", *p + 1);
        delete p;
    }
    end("lib new int, main delete:");

    begin();
    try {
        std::vector<int> v(3);
        (void)v.at(5); // libstdc++ builds the message string with operator new internally
    } catch (const std::out_of_range &e) {
        std::printf("out_of_range caught (%.20s...)\n", e.what());
    }
    end("libstdc++ out_of_range:");

    long a0 = n_new_array, d0 = n_delete_array;
    char *arr = new char[100];
    arr[0] = 'x';
    lib_delete_array(arr);
    std::printf("new[] counted %ld, lib delete[] counted %ld\n", n_new_array - a0, n_delete_array - d0);

    long t0 = n_nothrow;
    int *q = new (std::nothrow) int(3);
    std::printf("nothrow new counted %ld value %d\n", n_nothrow - t0, *q);
    delete q;

    long w0 = n_aligned;
    std::unique_ptr<Wide> w(new Wide);
    std::printf("aligned new counted %ld aligned64 %s\n", n_aligned - w0,
                ((std::uintptr_t)w.get() % 64) == 0 ? "yes" : "no");
    w.reset();
    std::printf("done\n");
    return 0;
}
