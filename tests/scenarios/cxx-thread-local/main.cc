// thread_local objects with constructors/destructors in the program and in a library, used from
// std::thread workers; workers exit one at a time so destructor output order is deterministic.
#include "tl.h"
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

struct ProgLocal {
    int id = -1;
    int uses = 0;
    ProgLocal() { ++made; }
    ~ProgLocal() { std::printf("  prog_local dtor id=%d uses=%d\n", id, uses); }
    static std::atomic<int> made;
};
std::atomic<int> ProgLocal::made{0};
thread_local ProgLocal prog_local;

static std::mutex m;
static std::condition_variable cv;
static int turn = -1;
static long results[4];

static void worker(int id)
{
    prog_local.id = id;
    prog_local.uses++;
    lib_tracker.add(id, 1000); // program touches the library's thread_local directly
    results[id] = lib_work(id, 10 * (id + 1));
    prog_local.uses++;
    std::unique_lock<std::mutex> lk(m);
    cv.wait(lk, [id] { return turn == id; });
}

static void idle_worker() {} // never touches any thread_local: no constructor, no destructor

int main()
{
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; i++)
        ts.emplace_back(worker, i);
    std::thread idle(idle_worker);
    idle.join();
    for (int i = 0; i < 4; i++) {
        std::printf("worker %d exiting:\n", i);
        {
            std::lock_guard<std::mutex> lk(m);
            turn = i;
        }
        cv.notify_all();
        ts[i].join();
        std::printf("worker %d joined: result=%ld\n", i, results[i]);
    }
    std::printf("after workers: prog ctors=%d lib ctors=%d lib dtors=%d\n", ProgLocal::made.load(),
                lib_ctors(), lib_dtors());
    prog_local.id = 99;
    long r = lib_work(99, 3);
    std::printf("main result=%ld, exiting:\n", r);
    return 0;
}
