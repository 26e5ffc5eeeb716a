// libthrow.so: defines AppError (key function) and throws it and std:: exceptions from here.
#include "errors.h"
#include <cstdio>
#include <new>
#include <vector>

AppError::AppError(const std::string &what, int code) : std::runtime_error(what), code_(code) {}
AppError::~AppError() {}
const char *AppError::kind() const { return "AppError"; }

void throw_app(int code) { throw AppError("failure #" + std::to_string(code), code); }

int vector_at(unsigned idx)
{
    std::vector<int> v{1, 2, 3};
    return v.at(idx);
}

static volatile size_t impossible = ~(size_t)0 / 4;
void *huge_alloc() { return ::operator new(impossible); }

std::exception_ptr capture_app(int code)
{
    try {
        throw_app(code);
    } catch (...) {
        return std::current_exception();
    }
    return nullptr;
}

std::exception_ptr make_range_ptr() { return std::make_exception_ptr(std::out_of_range("made in libthrow")); }
