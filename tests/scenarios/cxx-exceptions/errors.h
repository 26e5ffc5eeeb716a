// Shared exception type: AppError's key function (~AppError) lives in libthrow.so only.
#pragma once
#include <exception>
#include <stdexcept>
#include <string>

class AppError : public std::runtime_error {
public:
    AppError(const std::string &what, int code);
    ~AppError() override;                 // key function: vtable + typeinfo emitted in libthrow
    virtual const char *kind() const;
    int code() const { return code_; }
private:
    int code_;
};

// libthrow.so
void throw_app(int code);                 // throws AppError
int vector_at(unsigned idx);              // std::vector<int>{1,2,3}.at(idx)
void *huge_alloc();                       // ::operator new of an impossible size
std::exception_ptr capture_app(int code); // exception_ptr made by catching an AppError
std::exception_ptr make_range_ptr();      // exception_ptr holding a std::out_of_range

// libmid.so
void mid_call(int code);                  // local Guard object, then throw_app(code)
void mid_rethrow(int code);               // catches AppError, prints, rethrows with `throw;`
void mid_rethrow_ptr(std::exception_ptr p); // Guard, then std::rethrow_exception(p)
