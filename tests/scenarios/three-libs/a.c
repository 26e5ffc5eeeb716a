/* liba: middle library; calls libb and the program, exposes globals and function addresses. */
#include "shared.h"
int a_global = 100;
const char *a_name = "liba";
int a_func(int x) { return x + 1; }
int a_calls_b(int x) { return b_func(x) * 2; }
int a_reads_prog(void) { return prog_global; }
void a_writes_prog(int v) { prog_global = v; }
int a_calls_prog(int x) { return prog_func(x); }
fn_t a_addr_of_a_func(void) { return a_func; }
fn_t a_addr_of_b_func(void) { return b_func; }
fn_t a_addr_of_prog_func(void) { return prog_func; }
int *a_addr_of_b_global(void) { return &b_global; }
/* liba's own storage for a_global; the program's COPY relocation makes everyone else use the copy. */
extern int a_global_own __attribute__((alias("a_global"), visibility("hidden")));
int *a_original_a_global(void) { return &a_global_own; }
