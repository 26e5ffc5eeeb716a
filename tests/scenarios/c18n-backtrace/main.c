/* c18n-backtrace: backtrace(3) and libunwind's unw_backtrace, called in libbtc at the end of
 * program -> libbta -> libbtb -> libbtc, from the program called back by libbtc, and from a
 * signal handler in libbtc raised in libbtb, list the frames of every compartment on the
 * path (named with dladdr; only this test's functions are printed). */
#include <signal.h>
#include <stdio.h>
#include "bt.h"

void bt_prog_cb(int how)
{
    bt_walk("program -> libbta -> libbtb -> libbtc -> program", how == BT_CALLBACK_UNW);
    __asm__ volatile("" ::: "memory");
}

void bt_main_caller(int how)
{
    if (how < 0) {
        bt_c_install(SIGUSR1, how == -2);
        bt_a_sig(SIGUSR1);
    } else {
        bt_a(how);
    }
    __asm__ volatile("" ::: "memory");
}

int main(void)
{
    bt_main_caller(BT_GLIBC);
    bt_main_caller(BT_UNW);
    bt_main_caller(BT_CALLBACK_GLIBC);
    bt_main_caller(BT_CALLBACK_UNW);
    bt_main_caller(-1); /* signal handler, backtrace(3) */
    bt_main_caller(-2); /* signal handler, unw_backtrace */
    return 0;
}
