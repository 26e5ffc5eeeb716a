// libuniq1: returns the addresses of its STB_GNU_UNIQUE objects.
#include "uniq.h"
extern "C" void *uniq1_value_addr() { return &Holder<int>::value; }
extern "C" void *uniq1_counter_addr() { return inline_counter(); }
extern "C" void uniq1_bump() { Holder<int>::value++; ++*inline_counter(); }
