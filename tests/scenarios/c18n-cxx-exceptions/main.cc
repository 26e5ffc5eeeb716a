// c18n-cxx-exceptions: exceptions thrown in libexc and caught in libexa (two compartments up,
// through libexb's destructors), in the program (three up), thrown by the program called back
// from libexb and caught in libexa, rethrown, caught with catch(...), in a thread, and 10000
// times in a loop (more than the trusted stack holds if frames leaked).  After each, every
// library's stack top must be unchanged (each compartment's stack is restored exactly) and
// calls with stack arguments must still work.
#include <cstdio>
#include "ex.h"
#ifndef LOOP_THROWS /* (tests/isolation/iso-cxx-exceptions builds it with fewer) */
#define LOOP_THROWS 10000
#endif

void prog_throw(int code) { throw std::runtime_error("from the program #" + std::to_string(code)); }

// always called from the same depth, so that natively too the addresses are the same
__attribute__((noinline)) static void tops(unsigned long t[3])
{
    t[0] = a_local();
    t[1] = b_local();
    t[2] = c_local();
}
static unsigned long t0[3];
__attribute__((noinline)) static void consistent(const char *after)
{
    unsigned long t[3];
    tops(t);
    if (!after) { // the first call records
        for (int i = 0; i < 3; i++) t0[i] = t[i];
        return;
    }
    long r = c16(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    std::printf("after %s: stack tops unchanged: %s, c16 = %ld\n", after,
                t[0] == t0[0] && t[1] == t0[1] && t[2] == t0[2] ? "yes" : "no", r);
}
int main()
{
    consistent(nullptr);
    std::printf("1. libexc -> caught in libexa\n");
    std::printf("  a_catch = %d\n", a_catch(1));
    consistent("1");
    std::printf("2. libexc -> caught in the program\n");
    try {
        a_passthrough(2);
    } catch (CError &e) {
        std::printf("  program: caught CError code %d\n", e.code);
    }
    consistent("2");
    std::printf("3. rethrow in libexb\n");
    std::printf("  a_catch_rethrown = %d\n", a_catch_rethrown(3));
    consistent("3");
    std::printf("4. thrown by the program, called back from libexb, caught in libexa\n");
    std::printf("  a_catch_from_prog = %d\n", a_catch_from_prog(4));
    consistent("4");
    std::printf("5. int, std::out_of_range, catch (...)\n");
    for (int w = 0; w < 3; w++) std::printf("  a_catch_any(%d) = %d\n", w, a_catch_any(w));
    consistent("5");
    std::printf("6. in a thread\n");
    std::printf("  a_thread = %d\n", a_thread(6));
    consistent("6");
    std::printf("7. %d throws in a loop\n", LOOP_THROWS);
    std::printf("  a_loop = %d\n", a_loop(LOOP_THROWS));
    consistent("7");
    try {
        c_throw(8);
    } catch (CError &e) {
        std::printf("8. thrown directly from libexc to the program: code %d\n", e.code);
    }
    consistent("8");
    return 0;
}
