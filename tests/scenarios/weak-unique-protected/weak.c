/* libweak: weak definitions overridden by the program, weak undefined references to absent and present symbols. */
#include <stddef.h>
__attribute__((weak)) int overridden_func(void) { return 1; }     /* program defines it too */
__attribute__((weak)) int overridden_var = 1;                     /* program defines it too */
__attribute__((weak)) int kept_func(void) { return 3; }           /* nobody else defines it */
__attribute__((weak)) int kept_var = 3;

extern int absent_func(void) __attribute__((weak));               /* defined nowhere */
extern int absent_var __attribute__((weak));
extern int strong_func(void) __attribute__((weak));               /* defined in libstrong */

int weak_calls_overridden(void) { return overridden_func(); }
int weak_reads_overridden(void) { return overridden_var; }
int weak_calls_kept(void) { return kept_func(); }
int weak_absent_func_is_null(void) { return absent_func == NULL; }
int weak_absent_var_is_null(void) { return &absent_var == NULL; }
int weak_strong_func_value(void) { return strong_func ? strong_func() : -1; }
