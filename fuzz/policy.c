/*
 * fuzz/policy.c: rtld/policy.c, the c18n.policy(5) parser, on an arbitrary file (what
 * `ld-c18n --policy FILE` and `c18n-inspect --policy FILE` read), then the loader's queries
 * against whatever it installed.
 *
 * Must stay true: a file either installs a policy or is refused with exactly one rtld_error()
 * message "FILE:LINE:COLUMN: message" and leaves nothing installed; nothing faults; the
 * queries answer on any policy the parser accepted; policy_unload() frees it all.
 */
#include "fuzz.h"
#include "policy.h"
#include "rtld.h"

/* ---- the loader state util.c uses (as tools/c18n-inspect.c does) ---- */
struct rtld_opts rtld_opts = { .debug_fd = 2 };
static struct c18n_thread fuzz_thread;
struct c18n_thread *thread_self(void) { return &fuzz_thread; }

static void fuzz_init(void) {}

/* names a policy commonly mentions, and ones it cannot */
static const char *const names[] = {
	"[RTLD]", "[TCB]", "*", "libc.so.6", "libz.so.1", "libcrypto.so.3", "libssl.so.3",
	"prog", "a", "", "libstdc++.so.6", "lib with space",
};
static const char *const syms[] = { "malloc", "free", "memcpy", "deflate", "main", "", "f" };

static void fuzz_one(const uint8_t *data, size_t len)
{
	fuzz_file(data, len);
	rtld_clear_error();
	if (policy_load(fuzz_file_path) < 0) {
		struct c18n_thread *t = thread_self();
		size_t n = strlen(fuzz_file_path);
		int line, col;
		char c;
		FUZZ_CHECK(t->error_set, "policy refused without an error message");
		FUZZ_CHECK(!strncmp(t->error_buf, fuzz_file_path, n) &&
				   sscanf(t->error_buf + n, ":%d:%d: %c", &line, &col, &c) == 3 &&
				   line >= 0 && col >= 0,
			   "message not \"FILE:LINE:COLUMN: message\": %s", t->error_buf);
		FUZZ_CHECK(!policy_loaded(), "a refused policy is installed");
		return;
	}
	FUZZ_CHECK(policy_loaded() && !strcmp(policy_path(), fuzz_file_path),
		   "an accepted policy is not installed");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const char *comp = policy_compartment_for(names[i]);
		for (size_t k = 0; k < ARRAY_SIZE(syms); k++) {
			(void)policy_trusted(names[i], syms[k]);
			(void)policy_trusted(comp, syms[k]);
			for (size_t j = 0; j < ARRAY_SIZE(names); j++)
				(void)policy_may_call(names[i], names[j], syms[k]);
			(void)policy_may_call(NULL, names[i], syms[k]);
			FUZZ_CHECK(policy_export_line(names[i], syms[k]) >= 0, "negative line");
		}
	}
	policy_unload();
	FUZZ_CHECK(!policy_loaded(), "policy_unload left a policy installed");
}

