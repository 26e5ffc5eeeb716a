// Interface of libtl.so: a thread_local object with a non-trivial constructor and destructor.
#pragma once

struct Tracker {
    const char *name;
    int owner;     // worker id that last touched it (-1: never)
    long sum;
    explicit Tracker(const char *n);
    ~Tracker();    // prints "<name> dtor owner=.. sum=.."
    void add(int owner, long v);
};

extern thread_local Tracker lib_tracker; // defined in libtl.so (dynamic TLS init + __cxa_thread_atexit)
long lib_work(int id, int n);            // touches lib_tracker and a function-local thread_local
int lib_ctors();
int lib_dtors();
