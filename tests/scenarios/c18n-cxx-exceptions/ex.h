// c18n-cxx-exceptions: C++ exceptions crossing compartments (program, libexa, libexb, libexc).
#pragma once
#include <stdexcept>
#include <string>

struct CError : std::runtime_error {       // key function in libexc
    CError(const std::string &w, int c);
    ~CError() override;
    int code;
};

// libexc: throws
void c_throw(int code);                     // throws CError
void c_throw_int(int v);                    // throws int
void c_throw_std(unsigned idx);             // std::out_of_range from vector::at
long c16(long, long, long, long, long, long, long, long, long, long, long, long, long, long, long, long);
unsigned long c_local();
// libexb: guard objects, then calls down
void b_call(int code);                      // Guard, c_throw(code)
void b_rethrow(int code);                   // catches CError, prints, `throw;`
void b_call_prog(int code);                 // Guard, prog_throw(code) (program, by name)
unsigned long b_local();
// libexa: catches
int a_catch(int code);                      // try b_call(code) catch CError: returns code
int a_catch_any(int which);                 // catch (...) of several kinds
int a_catch_rethrown(int code);
int a_catch_from_prog(int code);            // try b_call_prog catch
int a_loop(int n);                          // n throws from libexc caught in libexa
void a_passthrough(int code);               // Guard, b_call(code), no handler
int a_thread(int code);                     // a thread whose start routine catches
unsigned long a_local();
// program (exported)
void prog_throw(int code);
