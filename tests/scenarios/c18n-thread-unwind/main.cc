// c18n-thread-unwind: threads whose start routine is in libtua exit with pthread_exit called
// in libtuc, or are cancelled while blocked in read() in libtuc or in pthread_testcancel in
// libtub: the forced unwind runs every destructor and cleanup handler on the way through
// libtuc, libtub and libtua.  Repeated 50 times each, no memory mappings may accumulate (each
// thread's compartment stacks are released when it ends), and the main thread's compartment
// stacks are unaffected.
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include "tu.h"

static int nmaps()
{
    int fd = open("/proc/self/maps", O_RDONLY), n = 0;
    char buf[4096];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < r; i++) n += buf[i] == '\n';
    close(fd);
    return n;
}

static long run(int kind)
{
    pthread_t t;
    void *res;
    static int fds[2];
    static volatile int ready;
    if (kind == 0) {
        pthread_create(&t, nullptr, ta_exit_start, (void *)42);
    } else if (kind == 1) {
        if (!fds[0] && pipe(fds) != 0) return -2;
        pthread_create(&t, nullptr, ta_cancel_start, (void *)(long)fds[0]);
        pthread_cancel(t); // acted upon in read(), or at the latest when it is entered
    } else {
        ready = 0;
        pthread_create(&t, nullptr, ta_testcancel_start, (void *)&ready);
        while (!ready) sched_yield();
        pthread_cancel(t);
    }
    pthread_join(t, &res);
    return res == PTHREAD_CANCELED ? -1 : (long)res;
}

__attribute__((noinline)) static void tops(unsigned long t[2]) { t[0] = ta_local(); t[1] = tb_local(); }

int main()
{
    unsigned long t0[2], t1[2];
    tops(t0);
    std::printf("pthread_exit in libtuc:\n");
    std::printf("  joined: %ld\n", run(0));
    std::printf("pthread_cancel while blocked in read() in libtuc:\n");
    std::printf("  joined: %s\n", run(1) == -1 ? "PTHREAD_CANCELED" : "?");
    std::printf("pthread_cancel at pthread_testcancel() in libtub:\n");
    std::printf("  joined: %s\n", run(2) == -1 ? "PTHREAD_CANCELED" : "?");
    quiet = 1;
    for (int k = 0; k < 3; k++) run(k); // warm up: thread stack cache, arenas
    int before = nmaps(), ok = 1;
    for (int i = 0; i < 50; i++)
        for (int k = 0; k < 3; k++) ok &= run(k) == (k == 0 ? 42 : -1);
    int after = nmaps();
    std::printf("150 more threads: all results right: %s; memory mappings accumulated: %s\n",
                ok ? "yes" : "no", after > before ? "yes" : "no");
    tops(t1);
    std::printf("main thread's libtua/libtub stack tops unchanged: %s\n",
                !std::memcmp(t0, t1, sizeof t0) ? "yes" : "no");
    return 0;
}
