// libmid.so: C++ frames with a destructor-printing local that exceptions unwind through.
#include "errors.h"
#include <cstdio>

namespace {
struct Guard {
    const char *name;
    explicit Guard(const char *n) : name(n) { std::printf("  mid: enter %s\n", name); }
    ~Guard() { std::printf("  mid: ~Guard(%s)\n", name); }
};
}

void mid_call(int code)
{
    Guard g("mid_call");
    throw_app(code);
    std::printf("  mid: not reached\n");
}

void mid_rethrow(int code)
{
    Guard g("mid_rethrow");
    try {
        mid_call(code);
    } catch (AppError &e) {
        std::printf("  mid: caught %s code=%d, rethrowing\n", e.kind(), e.code());
        throw;
    }
}

void mid_rethrow_ptr(std::exception_ptr p)
{
    Guard g("mid_rethrow_ptr");
    std::rethrow_exception(p);
}
