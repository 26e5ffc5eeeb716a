/* libbta */
#include "bt.h"
void bt_a(int how) { bt_b(how); __asm__ volatile("" ::: "memory"); }
void bt_a_sig(int sig) { bt_b_raise(sig); __asm__ volatile("" ::: "memory"); }
