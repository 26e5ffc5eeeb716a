/* libbtb */
#include <signal.h>
#include "bt.h"
void bt_b(int how) { bt_c(how); __asm__ volatile("" ::: "memory"); }
void bt_b_raise(int sig) { raise(sig); __asm__ volatile("" ::: "memory"); }
