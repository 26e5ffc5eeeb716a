/*
 * driver.c: test driver for rtld/policy.c (tests/policy/run.sh builds it with rtld/util.c).
 *
 *   driver FILE [QUERY]...
 *
 * Loads FILE with policy_load() and prints "loaded", or "error: MESSAGE" (the rtld_error text)
 * and exits 1.  Then answers each QUERY on its own line as "QUERY -> ANSWER":
 *   comp=LIB                   policy_compartment_for(LIB)            (NULL prints "-")
 *   trust=CALLER,SYM           policy_trusted(CALLER, SYM)            (CALLER "-" is NULL)
 *   call=CALLER,CALLEE,SYM     policy_may_call(CALLER, CALLEE, SYM)
 *   line=CALLEE,SYM            policy_export_line(CALLEE, SYM)
 *   reload=FILE                policy_load(FILE): "ok" or "error: MESSAGE"
 *   unload                     policy_unload(); then "loaded=N" from policy_loaded()
 *   path                       policy_path()
 * Must stay true: only this file stands in for the rest of the loader (thread_self, rtld_opts).
 */
#include "policy.h"
#include "rtld.h"

#include <stdio.h>
#include <string.h>

struct rtld_opts rtld_opts;
static struct c18n_thread self;
struct c18n_thread *thread_self(void) { return &self; }

/* Split s at commas into at most n fields; "-" becomes NULL.  Returns the field count. */
static int split(char *s, const char **f, int n)
{
	int k = 0;
	for (char *p = s; k < n; k++) {
		char *c = strchr(p, ',');
		if (c)
			*c = '\0';
		f[k] = strcmp(p, "-") ? p : NULL;
		if (!c)
			return k + 1;
		p = c + 1;
	}
	return k;
}

static const char *show(const char *s) { return s ? s : "-"; }

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE [QUERY]...\n", argv[0]);
		return 2;
	}
	if (policy_load(argv[1]) < 0) {
		printf("error: %s\n", rtld_last_error());
		return 1;
	}
	printf("loaded\n");
	for (int i = 2; i < argc; i++) {
		char q[4096];
		snprintf(q, sizeof q, "%s", argv[i]);
		char *eq = strchr(q, '=');
		char *arg = eq ? eq + 1 : q + strlen(q);
		if (eq)
			*eq = '\0';
		const char *f[3] = { NULL, NULL, NULL };
		printf("%s -> ", argv[i]);
		if (!strcmp(q, "comp")) {
			printf("%s\n", show(policy_compartment_for(arg)));
		} else if (!strcmp(q, "trust") && split(arg, f, 2) == 2) {
			printf("%d\n", policy_trusted(f[0], f[1]));
		} else if (!strcmp(q, "call") && split(arg, f, 3) == 3) {
			printf("%d\n", policy_may_call(f[0], f[1], f[2]));
		} else if (!strcmp(q, "line") && split(arg, f, 2) == 2) {
			printf("%d\n", policy_export_line(f[0], f[1]));
		} else if (!strcmp(q, "reload")) {
			if (policy_load(arg) < 0)
				printf("error: %s\n", rtld_last_error());
			else
				printf("ok\n");
		} else if (!strcmp(q, "unload")) {
			policy_unload();
			printf("loaded=%d\n", policy_loaded());
		} else if (!strcmp(q, "path")) {
			printf("%s\n", show(policy_path()));
		} else {
			printf("bad query\n");
			return 2;
		}
	}
	return 0;
}
