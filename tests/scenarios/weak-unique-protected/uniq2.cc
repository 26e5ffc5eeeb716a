// libuniq2: returns the addresses of its STB_GNU_UNIQUE objects.
#include "uniq.h"
extern "C" void *uniq2_value_addr() { return &Holder<int>::value; }
extern "C" void *uniq2_counter_addr() { return inline_counter(); }
extern "C" int uniq2_value() { return Holder<int>::value; }
extern "C" int uniq2_counter() { return *inline_counter(); }
