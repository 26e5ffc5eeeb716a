/* libc_plugin: dlopen'ed plugin calling back into liba and into the (exported) program. */
#include "shared.h"
int plugin_global = 7;
int plugin_entry(int x) { return a_func(x) + a_calls_b(x) + prog_func(x); }
int plugin_reads_prog(void) { return prog_global + prog_array[3]; }
void plugin_writes_a(int v) { a_global = v; }
fn_t plugin_addr_of_a_func(void) { return a_func; }
fn_t plugin_addr_of_prog_func(void) { return prog_func; }
