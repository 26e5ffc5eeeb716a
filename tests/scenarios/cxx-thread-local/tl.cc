// libtl.so: thread_local objects with constructors/destructors defined in a shared library.
#include "tl.h"
#include <atomic>
#include <cstdio>

static std::atomic<int> ctors{0}, dtors{0};

Tracker::Tracker(const char *n) : name(n), owner(-1), sum(0) { ++ctors; }
Tracker::~Tracker()
{
    ++dtors;
    std::printf("  %s dtor owner=%d sum=%ld\n", name, owner, sum);
}
void Tracker::add(int o, long v)
{
    owner = o;
    sum += v;
}

thread_local Tracker lib_tracker("lib_tracker");
static thread_local int plain_counter; // trivial TLS next to the non-trivial one

long lib_work(int id, int n)
{
    static thread_local Tracker inner("lib_inner");
    for (int i = 1; i <= n; i++) {
        lib_tracker.add(id, i);
        inner.add(id, 2 * i);
        ++plain_counter;
    }
    return lib_tracker.sum + inner.sum + plain_counter;
}

int lib_ctors() { return ctors; }
int lib_dtors() { return dtors; }

namespace {
struct AtUnload {
    ~AtUnload() { std::printf("libtl static dtor: ctors=%d dtors=%d\n", lib_ctors(), lib_dtors()); }
} at_unload;
}
