// Thread-safe function-local statics (__cxa_guard_acquire) in a library hit by many threads at
// once, library global constructors using std::cout, and constructor/destructor ordering.
#include "reg.h"
#include <iostream>
#include <thread>
#include <vector>

namespace {
struct ProgGlobal {
    ProgGlobal()
    {
        std::cout << "prog ctor (libreg already saw: " << lib_ctor_log() << ")" << std::endl;
    }
    ~ProgGlobal() { std::cout << "prog dtor" << std::endl; }
} prog_global;
}

int main()
{
    std::cout << "main start" << std::endl;
    const int N = 8;
    std::vector<std::thread> ts;
    std::vector<int> ids(N), vals(N), shared(N);
    std::atomic<int> ready{0};
    for (int i = 0; i < N; i++)
        ts.emplace_back([&, i] {
            ready++;
            while (ready < N) // start all threads' first calls together
                std::this_thread::yield();
            ids[i] = registry().id;
            vals[i] = lib_expensive(i * 7);
            shared[i] = lib_bump_shared();
        });
    for (auto &t : ts)
        t.join();
    int same = 1, sum = 0;
    for (int i = 0; i < N; i++) {
        same &= ids[i] == 1;
        sum += vals[i];
        std::cout << "thread " << i << ": registry id=" << ids[i] << " value=" << vals[i] << std::endl;
    }
    int maxshared = 0;
    for (int v : shared)
        maxshared = v > maxshared ? v : maxshared;
    std::cout << "constructions=" << registry_constructions() << " all-same=" << same << " sum=" << sum
              << " hits=" << registry().hits << std::endl;
    shared_counter()++;
    std::cout << "inline static shared with lib: "
              << (lib_shared_counter_address() == (void *)&shared_counter() ? "yes" : "no")
              << " value=" << shared_counter() << " max-seen-by-threads=" << maxshared << std::endl;
    std::cout << "main end" << std::endl;
    return 0;
}
