/* tests/isolation guard cases: libforge reaches for the loader's own state (the layout of
 * trampolines/tramp.h, as an attacker would learn it) to act as another compartment. */
#include <stdint.h>
extern uintptr_t leaked;   /* the program stores &secret here at run time: not a capability */
int victim_fn(int x);      /* libvictim: exported */
int forge_cur(void);
int forge_ret(void);
int forge_desc(void);
int forge_table(void);
int forge_alias(void);
