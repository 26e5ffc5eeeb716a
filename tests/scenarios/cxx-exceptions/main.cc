// C++ exceptions crossing shared libraries: custom type from libthrow through libmid, std::
// exceptions from libstdc++, rethrow, exception_ptr, and catch(...) in a dlopen'ed library.
#include "errors.h"
#include <cstdio>
#include <dlfcn.h>
#include <new>
#include <typeinfo>

static void throws_int(int v) { throw v; }
static void throws_app_mid(int v) { mid_call(v); }

int main()
{
    std::printf("1. AppError through libmid, caught as std::runtime_error\n");
    try {
        mid_call(1);
    } catch (const std::runtime_error &e) {
        const AppError *a = dynamic_cast<const AppError *>(&e);
        std::printf("  main: caught runtime_error what=%s isAppError=%d code=%d kind=%s\n", e.what(),
                    a != nullptr, a ? a->code() : -1, a ? a->kind() : "-");
    }

    std::printf("2. AppError caught by exact type\n");
    try {
        throw_app(2);
    } catch (AppError &e) {
        std::printf("  main: caught AppError code=%d typeid=%s\n", e.code(), typeid(e).name());
    }

    std::printf("3. rethrow with throw; inside libmid\n");
    try {
        mid_rethrow(3);
    } catch (const std::exception &e) {
        std::printf("  main: caught std::exception what=%s\n", e.what());
    }

    std::printf("4. std::out_of_range from vector::at in libthrow\n");
    try {
        std::printf("  at(1)=%d\n", vector_at(1));
        vector_at(10);
    } catch (const std::out_of_range &e) {
        std::printf("  main: out_of_range: %s\n", e.what());
    }

    std::printf("5. std::bad_alloc from operator new in libthrow\n");
    try {
        void *p = huge_alloc();
        std::printf("  main: unexpectedly allocated %d\n", p != nullptr);
    } catch (const std::bad_alloc &e) {
        std::printf("  main: bad_alloc: %s\n", e.what());
    }

    std::printf("6. exception_ptr across libraries\n");
    std::exception_ptr p = capture_app(6);
    std::exception_ptr q = make_range_ptr();
    std::printf("  main: have ptrs %d %d\n", (bool)p, (bool)q);
    for (std::exception_ptr *e : {&p, &q}) {
        try {
            mid_rethrow_ptr(*e);
        } catch (const AppError &x) {
            std::printf("  main: rethrown AppError code=%d\n", x.code());
        } catch (const std::logic_error &x) {
            std::printf("  main: rethrown logic_error what=%s\n", x.what());
        }
    }
    try {
        std::rethrow_exception(p); // same object again, directly from main
    } catch (const AppError &x) {
        std::printf("  main: rethrown again code=%d what=%s\n", x.code(), x.what());
    }

    std::printf("7. catch(...) in a dlopen'ed library\n");
    void *h = dlopen("libplugin.so", RTLD_NOW);
    if (!h) {
        std::printf("dlopen failed\n");
        return 1;
    }
    auto guarded = (int (*)(void (*)(int), int))dlsym(h, "plugin_guarded");
    auto pthrow = (void (*)(void))dlsym(h, "plugin_throw");
    if (!guarded || !pthrow) {
        std::printf("dlsym failed\n");
        return 1;
    }
    std::printf("  guarded(throws_int) = %d\n", guarded(throws_int, 70));
    std::printf("  guarded(throw_app) = %d\n", guarded(throw_app, 71));
    std::printf("  guarded(throws_app_mid) = %d\n", guarded(throws_app_mid, 72));
    try {
        pthrow();
    } catch (const std::logic_error &e) {
        std::printf("  main: caught plugin exception as logic_error: %s\n", e.what());
    }
    dlclose(h);

    std::printf("8. nested: exception thrown during handling, caught inside\n");
    try {
        try {
            throw_app(80);
        } catch (AppError &outer) {
            try {
                vector_at(99);
            } catch (std::out_of_range &) {
                std::printf("  main: inner out_of_range while handling code=%d\n", outer.code());
            }
            throw;
        }
    } catch (AppError &e) {
        std::printf("  main: outer rethrown code=%d\n", e.code());
    }
    std::printf("done\n");
    return 0;
}
