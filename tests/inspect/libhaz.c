/* libhaz.c: libhaz.so, every boundary hazard c18n-inspect reports (see haz.h). */
#include "haz.h"
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int shared_counter = 1;
__thread int tls_counter;
static int open_stub(const char *p) { return (int)strlen(p); }
struct ops default_ops = { open_stub, 0 };
static void (*saved_cb)(int);
static jmp_buf env;

int many_ints(int a, int b, int c, int d, int e, int f, int g, int h)
{ return a + b + c + d + e + f + g + h; }
double many_doubles(double a, double b, double c, double d, double e, double f, double g,
                    double h, double i, double j)
{ return a + b + c + d + e + f + g + h + i + j; }
long take_big(struct big b) { return b.a + b.b + b.c; }
long double take_ld(long double x) { return x * 2; }
int mixed(int a, struct big b, long double c, int d) { return a + (int)b.a + (int)c + d; }
long ints_then_pair(int a, int b, int c, int d, int e, struct pair p)
{ return a + b + c + d + e + p.x + p.y; }
struct big ret_big(int a, int b, int c, int d, int e, int f)
{ struct big r = { a + b, c + d, e + f }; return r; }
int hz_printf(const char *fmt, ...)
{ va_list ap; va_start(ap, fmt); int n = vprintf(fmt, ap); va_end(ap); return n; }
void register_cb(void (*cb)(int), void *arg) { (void)arg; saved_cb = cb; if (cb) cb(1); }
int use_ops(const struct ops *o) { return o->open ? o->open("x") : -1; }
int use_config(struct config *c) { return use_ops(c->ops); }
int take_small(struct small s) { return s.a + (int)s.b; }
int lib_try(int fail)
{
	if (setjmp(env))
		return -1;
	if (fail)
		longjmp(env, 1);
	return tls_counter++ + shared_counter;
}
static void on_sig(int s) { (void)s; }
void lib_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sig;
	sigaction(SIGUSR1, &sa, NULL);
}
