// libreg.so: guarded function-local statics used from many threads; global constructors that
// print with std::cout and destructors that run at exit.
#include "reg.h"
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

static std::atomic<int> constructions{0};
static std::string ctor_log; // constructed before Announcer objects below (same TU, in order)

Registry::Registry() : id(++constructions)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}
Registry::~Registry() { std::cout << "~Registry id=" << id << " hits=" << hits << std::endl; }

Registry &registry()
{
    static Registry r;
    r.hits++;
    return r;
}
int registry_constructions() { return constructions; }

namespace {
struct Table {
    int v[100];
    Table()
    {
        for (int i = 0; i < 100; i++)
            v[i] = i * 3 + 1;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
};
}
int lib_expensive(int i)
{
    static const Table t; // guarded, no destructor
    return t.v[i % 100];
}

namespace {
struct Announcer {
    const char *name;
    explicit Announcer(const char *n) : name(n)
    {
        std::cout << "libreg ctor " << name << " (cout usable: " << (std::cout.good() ? "yes" : "no")
                  << ")" << std::endl;
        ctor_log += name;
        ctor_log += ';';
    }
    ~Announcer() { std::cout << "libreg dtor " << name << std::endl; }
};
Announcer first("first");
Announcer second("second");
}

std::string lib_ctor_log() { return ctor_log; }

void *lib_shared_counter_address() { return &shared_counter(); }
int lib_bump_shared() { return ++shared_counter(); }

// Runs before this TU's std::ios_base::Init (priority 200 < default), so it must not use std::cout.
__attribute__((constructor(200))) static void prio_ctor() { std::printf("libreg constructor(200)\n"); }
