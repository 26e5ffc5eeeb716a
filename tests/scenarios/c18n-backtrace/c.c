/* libbtc: walks the stack with glibc's backtrace(3) or libunwind's unw_backtrace, and names each
 * frame with dladdr, keeping the test's own functions (bt_*) and main. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <libunwind.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "bt.h"

__attribute__((noinline)) void bt_walk(const char *label, int unw)
{
    void *pc[64];
    int n = unw ? unw_backtrace(pc, 64) : backtrace(pc, 64);
    printf("%s (%s):", label, unw ? "unw_backtrace" : "backtrace");
    for (int i = 0; i < n; i++) {
        Dl_info di;
        /* return addresses point after the call: look up the call itself */
        void *a = i ? (char *)pc[i] - 1 : pc[i];
        if (dladdr(a, &di) && di.dli_sname &&
            (!strncmp(di.dli_sname, "bt_", 3) || !strcmp(di.dli_sname, "main")))
            printf(" %s", di.dli_sname);
    }
    printf("\n");
    __asm__ volatile("" ::: "memory");
}

void bt_c(int how)
{
    if (how == BT_CALLBACK_GLIBC || how == BT_CALLBACK_UNW)
        bt_prog_cb(how);
    else
        bt_walk("program -> libbta -> libbtb -> libbtc", how == BT_UNW);
    __asm__ volatile("" ::: "memory");
}

static int handler_how;
void bt_handler(int sig); /* exported, so dladdr names it */
void bt_handler(int sig)
{
    (void)sig;
    bt_walk("signal handler in libbtc, raised in libbtb", handler_how);
    __asm__ volatile("" ::: "memory");
}

void bt_c_install(int sig, int how)
{
    handler_how = how;
    signal(sig, bt_handler);
}
