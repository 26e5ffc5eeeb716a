// libexa: catches exceptions thrown two or more compartments down.
#include <cstdio>
#include <pthread.h>
#include "ex.h"
int a_catch(int code)
{
    try {
        b_call(code);
    } catch (CError &e) {
        if (code < 1000) std::printf("  libexa: caught CError \"%s\" code %d\n", e.what(), e.code);
        return e.code;
    }
    return -1;
}
int a_catch_any(int which)
{
    try {
        if (which == 0) c_throw_int(17);
        if (which == 1) c_throw_std(7);
        if (which == 2) b_call(2);
    } catch (int v) {
        std::printf("  libexa: caught int %d\n", v);
        return 0;
    } catch (std::logic_error &e) {
        std::printf("  libexa: caught logic_error: %s\n", e.what());
        return 1;
    } catch (...) {
        std::printf("  libexa: caught (...)\n");
        return 2;
    }
    return -1;
}
int a_catch_rethrown(int code)
{
    try {
        b_rethrow(code);
    } catch (const std::exception &e) {
        std::printf("  libexa: caught rethrown: %s\n", e.what());
        return 1;
    }
    return 0;
}
int a_catch_from_prog(int code)
{
    try {
        b_call_prog(code);
    } catch (std::runtime_error &e) {
        std::printf("  libexa: caught from the program: %s\n", e.what());
        return 1;
    }
    return 0;
}
int a_loop(int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) sum += a_catch(1000 + i % 7) - 1000;
    return sum;
}
void a_passthrough(int code)
{
    struct G { ~G() { std::printf("  libexa: ~G in a_passthrough\n"); } } g;
    b_call(code);
}
static void *start(void *arg)
{
    int code = (int)(long)arg;
    return (void *)(long)a_catch(code);
}
int a_thread(int code)
{
    pthread_t t;
    void *r;
    pthread_create(&t, nullptr, start, (void *)(long)code);
    pthread_join(t, &r);
    return (int)(long)r;
}
__attribute__((noinline)) unsigned long a_local()
{
    volatile char c = 0;
    unsigned long a = (unsigned long)&c;
    __asm__ volatile("" : "+r"(a) : : "memory");
    return a;
}
