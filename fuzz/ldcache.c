/*
 * fuzz/ldcache.c: rtld/search.c's reading of /etc/ld.so.cache (the old "ld.so-1.7.0" header
 * and the new "glibc-ld.so.cache1.1" one, the entry table, its binary search and the scan for
 * an entry of this ABI) on an arbitrary file, through search_library() as the loader and
 * c18n-inspect call it for a DT_NEEDED name.
 *
 * Must stay true: any cache file is either used or ignored (the directories are then searched);
 * a lookup never reads outside the file; search_library returns an open descriptor with its
 * path, or -1 with an rtld_error() message naming the library.
 */
#include "fuzz.h"
#include "rtld.h"

#include <fcntl.h>

/* ---- the loader state search.c and util.c use (as tools/c18n-inspect.c does) ---- */
struct obj *obj_main;
struct rtld_opts rtld_opts = { .debug_fd = 2 };
static struct c18n_thread fuzz_thread;
struct c18n_thread *thread_self(void) { return &fuzz_thread; }

void search_cache_use(const char *path); /* rtld/search.c */

/* Names the search runs for: ones every cache on Debian has, ones it may, ones no cache has
 * (after a miss the default directories are searched, as the loader does). */
static const char *const names[] = {
	"libc.so.6", "libz.so.1", "libstdc++.so.6", "libm.so.6", "libgcc_s.so.1",
	"libcrypto.so.3", "libzzzz.so.9", "a", "libc.so.10", "lib0.so",
};

static struct search_ctx ctx = { .platform = "x86_64", .lib = "lib" };
static char name_buf[64];

static void fuzz_init(void) {}

static void lookup(const char *name)
{
	char *path = NULL;
	rtld_clear_error();
	int fd = search_library(&ctx, name, NULL, &path, NULL);
	if (fd >= 0) {
		FUZZ_CHECK(path != NULL, "%s found without a path", name);
		close(fd);
	} else {
		FUZZ_CHECK(thread_self()->error_set && strstr(thread_self()->error_buf, name),
			   "%s not found without an error naming it", name);
	}
	rtld_free(path);
}

static void fuzz_one(const uint8_t *data, size_t len)
{
	fuzz_file(data, len);
	search_cache_use(fuzz_file_path);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		lookup(names[i]);
	/* and the input's last string, so that the fuzzer can steer a lookup to a key it wrote */
	size_t e = len, b;
	while (e > 0 && data[e - 1] == 0)
		e--;
	for (b = e; b > 0 && data[b - 1] && e - b < sizeof name_buf - 1; b--)
		;
	if (e > b && !memchr(data + b, '/', e - b)) {
		memcpy(name_buf, data + b, e - b);
		name_buf[e - b] = 0;
		lookup(name_buf);
	}
}

