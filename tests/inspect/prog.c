/* prog.c: calls every hazard of libhaz.so across the boundary (and one clean function). */
#include "haz.h"
#include <stdio.h>

static void cb(int x) { (void)x; }
static int my_open(const char *p) { return p != 0; }

int main(int argc, char **argv)
{
	(void)argv;
	struct big b = { 1, 2, 3 };
	struct pair p = { 4, 5 };
	struct small s = { 6, 7.0f };
	struct ops o = { my_open, 0 };
	struct config c = { "c", &o };
	long r = many_ints(1, 2, 3, 4, 5, 6, 7, 8);
	r += (long)many_doubles(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
	r += take_big(b) + (long)take_ld(1.5L) + mixed(1, b, 2.0L, 3);
	r += ints_then_pair(1, 2, 3, 4, 5, p) + ret_big(1, 2, 3, 4, 5, 6).a;
	r += hz_printf("%d\n", argc);
	register_cb(cb, 0);
	r += use_ops(&o) + use_config(&c) + take_small(s) + lib_try(argc > 5);
	lib_install();
	r += shared_counter + tls_counter + (default_ops.open != 0);
	printf("%ld\n", r);
	return 0;
}
