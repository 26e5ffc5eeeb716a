/*
 * search.c: finding a library file the way the system loader does.
 *
 * Order for a name without a slash: DT_RPATH of the requesting object and of the objects that
 * loaded it (only when the requester has no DT_RUNPATH), the library path (option or
 * LD_C18N_LIBRARY_PATH), the requester's DT_RUNPATH, /etc/ld.so.cache, then the default
 * directories.  $ORIGIN, $LIB and $PLATFORM are expanded in path elements.
 *
 * Must stay true: shared with c18n-inspect, so this file depends only on util.c and the
 * struct obj fields rpath/runpath/origin/loader; it never loads anything.
 */
#include "rtld.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

struct search_ctx rtld_search = { .platform = ARCH_PLATFORM, .lib = ARCH_LIB };

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t nc = (*cap ? *cap * 2 : 64) + n;
		*buf = rtld_realloc_array(*buf, *cap, nc, 1);
		*cap = nc;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = 0;
}

char *search_expand(const struct search_ctx *ctx, const char *s, const char *origin)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	append(&buf, &len, &cap, "", 0);
	while (*s) {
		if (*s != '$') {
			append(&buf, &len, &cap, s, 1);
			s++;
			continue;
		}
		static const char *const names[] = { "ORIGIN", "LIB", "PLATFORM" };
		const char *vals[] = { origin, ctx->lib, ctx->platform };
		int done = 0;
		for (int i = 0; i < 3 && !done; i++) {
			size_t n = strlen(names[i]);
			const char *rest = NULL;
			if (!strncmp(s + 1, names[i], n) &&
			    !((s[1 + n] >= 'A' && s[1 + n] <= 'Z') || s[1 + n] == '_' ||
			      (s[1 + n] >= '0' && s[1 + n] <= '9')))
				rest = s + 1 + n;
			else if (s[1] == '{' && !strncmp(s + 2, names[i], n) && s[2 + n] == '}')
				rest = s + 3 + n;
			if (rest) {
				if (!vals[i]) {
					rtld_free(buf);
					return NULL;
				}
				append(&buf, &len, &cap, vals[i], strlen(vals[i]));
				s = rest;
				done = 1;
			}
		}
		if (!done) {
			append(&buf, &len, &cap, s, 1);
			s++;
		}
	}
	return buf;
}

int search_check_elf(int fd, struct file_facts *facts)
{
	ElfW(Ehdr) eh;
	if (facts) { /* (the program headers too, as a rule: obj_map reads no more) */
		ssize_t r = pread(fd, facts->head, sizeof facts->head, 0);
		facts->head_len = r > 0 ? (size_t)r : 0;
		if (facts->head_len < sizeof eh)
			return -1;
		memcpy(&eh, facts->head, sizeof eh);
	} else if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh) {
		return -1;
	}
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_machine != EM_ARCH)
		return -1;
	return 0;
}

/* Try DIR/NAME; returns fd or -1. */
static int try_dir(const char *dir, size_t dirlen, const char *name, char **path_out,
		   struct file_facts *facts)
{
	size_t nlen = strlen(name);
	if (!dirlen) {
		dir = ".";
		dirlen = 1;
	}
	char *p = rtld_alloc(dirlen + nlen + 2);
	memcpy(p, dir, dirlen);
	size_t off = dirlen;
	if (p[off - 1] != '/')
		p[off++] = '/';
	memcpy(p + off, name, nlen + 1);
	DEBUG(DBG_LIBS, "  trying file=%s", p);
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		struct stat st;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && search_check_elf(fd, facts) == 0) {
			if (facts) {
				facts->st = st;
				facts->have_st = 1;
			}
			*path_out = p;
			return fd;
		}
		close(fd);
	}
	rtld_free(p);
	return -1;
}

static int try_list(const struct search_ctx *ctx, const char *list, const char *origin,
		    const char *name, char **path_out, const char *what, struct file_facts *facts)
{
	if (!list)
		return -1;
	DEBUG(DBG_LIBS, " search path=%s\t\t(%s)", list, what);
	const char *p = list;
	for (;;) {
		size_t n = strcspn(p, ":;");
		char *elem = rtld_strndup(p, n);
		char *dir = strchr(elem, '$') ? search_expand(ctx, elem, origin) : elem;
		int fd = dir ? try_dir(dir, strlen(dir), name, path_out, facts) : -1;
		if (dir && dir != elem)
			rtld_free(dir);
		rtld_free(elem);
		if (fd >= 0)
			return fd;
		p += n;
		if (!*p)
			break;
		p++;
	}
	return -1;
}

/* ---- /etc/ld.so.cache ---- */
#define CACHE_MAGIC "glibc-ld.so.cache1.1"
struct cache_hdr {
	char magic[20];
	uint32_t nlibs;
	uint32_t len_strings;
	uint8_t flags;
	uint8_t pad[3];
	uint32_t ext_offset;
	uint32_t unused[3];
};
struct cache_entry {
	int32_t flags;
	uint32_t key, value;
	uint32_t osversion;
	uint64_t hwcap;
};
_Static_assert(sizeof(struct cache_hdr) == 48, "ld.so.cache header layout");
_Static_assert(sizeof(struct cache_entry) == 24, "ld.so.cache entry layout");

static const char *cache_file = "/etc/ld.so.cache";
static const char *cache_base;
static size_t cache_size;
static const struct cache_hdr *cache;
static int cache_tried;

/* Read the cache from path from now on (the next lookup opens it), forgetting the one read
 * before.  Only for fuzz/ldcache.c, which gives the parser one input after another. */
void search_cache_use(const char *path)
{
	if (cache_base)
		munmap((void *)cache_base, cache_size);
	cache_file = path;
	cache_base = NULL;
	cache_size = 0;
	cache = NULL;
	cache_tried = 0;
}

static void cache_open(void)
{
	cache_tried = 1;
	int fd = open(cache_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct stat st;
	if (fstat(fd, &st) == 0 && (size_t)st.st_size > sizeof(struct cache_hdr)) {
		void *m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			cache_base = m;
			cache_size = st.st_size;
		}
	}
	close(fd);
	if (!cache_base)
		return;
	size_t off = 0;
	if (!memcmp(cache_base, "ld.so-1.7.0", 11)) {
		/* old format first: 12-byte header + nlibs + 12-byte entries */
		uint32_t n;
		memcpy(&n, cache_base + 12, 4);
		off = ALIGN_UP(16 + (size_t)n * 12, 8);
	}
	if (off + sizeof(struct cache_hdr) > cache_size ||
	    memcmp(cache_base + off, CACHE_MAGIC, strlen(CACHE_MAGIC)))
		return;
	const struct cache_hdr *h = (const void *)(cache_base + off);
	if (off + sizeof *h + (size_t)h->nlibs * sizeof(struct cache_entry) > cache_size)
		return;
	cache = h;
}

/* The order ldconfig sorts the cache in (descending): byte by byte, except that runs of
 * digits compare by their numeric value, and a digit sorts after any other byte. */
static int cache_cmp(const char *a, const char *b)
{
	for (;;) {
		int da = *a >= '0' && *a <= '9', db = *b >= '0' && *b <= '9';
		if (da && db) {
			unsigned long va = 0, vb = 0;
			while (*a >= '0' && *a <= '9')
				va = va * 10 + (unsigned long)(*a++ - '0');
			while (*b >= '0' && *b <= '9')
				vb = vb * 10 + (unsigned long)(*b++ - '0');
			if (va != vb)
				return va < vb ? -1 : 1;
			continue;
		}
		if (da || db)
			return da ? 1 : -1;
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		if (!*a)
			return 0;
		a++;
		b++;
	}
}

/* Entry i's key, or NULL when the entry points outside the file or is not terminated. */
static const char *cache_key(const struct cache_entry *e)
{
	if (e->key >= cache_size || e->value >= cache_size ||
	    !memchr(cache_base + e->key, 0, cache_size - e->key) ||
	    !memchr(cache_base + e->value, 0, cache_size - e->value))
		return NULL;
	return cache_base + e->key;
}

/* Binary search (the cache is sorted by cache_cmp, descending), then the first entry of that
 * name, in file order, whose flags suit this ABI. */
static const char *cache_lookup(const char *name)
{
	if (!cache_tried)
		cache_open();
	if (!cache)
		return NULL;
	const struct cache_entry *e = (const void *)(cache + 1);
	size_t lo = 0, hi = cache->nlibs, hit = SIZE_MAX;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = cache_key(&e[mid]);
		if (!k)
			return NULL; /* a damaged cache: search the directories */
		int c = cache_cmp(name, k);
		if (c == 0) {
			hit = mid;
			break;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (hit == SIZE_MAX)
		return NULL;
	while (hit > 0 && cache_key(&e[hit - 1]) && !strcmp(cache_key(&e[hit - 1]), name))
		hit--;
	for (size_t i = hit; i < cache->nlibs; i++) {
		const char *k = cache_key(&e[i]);
		if (!k || strcmp(k, name))
			break;
		if (e[i].flags == LDSO_CACHE_FLAGS && !((e[i].hwcap >> 62) & 1))
			return cache_base + e[i].value;
	}
	return NULL;
}

int search_library(const struct search_ctx *ctx, const char *name, const struct obj *req,
		   char **path_out, struct file_facts *facts)
{
	int fd;
	*path_out = NULL;
	if (facts) {
		facts->have_st = 0;
		facts->head_len = 0;
	}
	if (strchr(name, '/')) {
		char *expanded = strchr(name, '$') && req
					 ? search_expand(ctx, name, req->origin)
					 : rtld_strdup(name);
		if (!expanded)
			goto notfound;
		DEBUG(DBG_LIBS, "  trying file=%s", expanded);
		fd = open(expanded, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			rtld_free(expanded);
			return rtld_error("%s: cannot open shared object file: %s", name,
					  strerror(e));
		}
		*path_out = expanded;
		return fd;
	}
	DEBUG(DBG_LIBS, "find library=%s [0]; searching", name);
	if (req && !req->runpath) {
		for (const struct obj *o = req; o; o = o->loader)
			if (o->rpath && (fd = try_list(ctx, o->rpath, o->origin, name, path_out,
						       "RPATH", facts)) >= 0)
				return fd;
		if (obj_main && obj_main != req && obj_main->rpath && !obj_main->runpath &&
		    (fd = try_list(ctx, obj_main->rpath, obj_main->origin, name, path_out,
				   "RPATH from the program", facts)) >= 0)
			return fd;
	}
	if ((fd = try_list(ctx, ctx->library_path, obj_main ? obj_main->origin : NULL, name,
			   path_out, "LD_C18N_LIBRARY_PATH", facts)) >= 0)
		return fd;
	if (req && req->runpath &&
	    (fd = try_list(ctx, req->runpath, req->origin, name, path_out, "RUNPATH", facts)) >= 0)
		return fd;
	const char *c = cache_lookup(name);
	if (c) {
		DEBUG(DBG_LIBS, "  trying file=%s (from ld.so.cache)", c);
		fd = open(c, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			if (search_check_elf(fd, facts) == 0) {
				*path_out = rtld_strdup(c);
				return fd;
			}
			close(fd);
		}
	}
	if ((fd = try_list(ctx, ARCH_LIB_DIRS, NULL, name, path_out, "system search path",
			   facts)) >= 0)
		return fd;
notfound:
	return rtld_error("%s: cannot open shared object file: No such file or directory", name);
}

int search_exec_path(const char *file, const char *dflt, char *out, size_t n)
{
	if (strchr(file, '/')) {
		if (strlen(file) >= n)
			return ENAMETOOLONG;
		strcpy(out, file);
		return 0;
	}
	if (!*file)
		return ENOENT;
	const char *path = getenv("PATH");
	if (!path)
		path = dflt;
	int err = ENOENT;
	for (const char *p = path;;) {
		size_t len = strcspn(p, ":");
		/* (an empty element is the current directory) */
		if ((size_t)snprintf(out, n, "%.*s/%s", (int)len, len ? p : ".", file) < n) {
			struct stat st;
			if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
				if (access(out, X_OK) == 0)
					return 0;
				err = EACCES;
			}
		}
		p += len;
		if (!*p)
			break;
		p++;
	}
	return err;
}

/* PROGRAM without a slash is looked up in PATH, as a shell would. */
char *search_program(const char *prog)
{
	char path[PATH_MAX];
	if (search_exec_path(prog, "/usr/local/bin:/usr/bin:/bin", path, sizeof path) == 0)
		return rtld_strdup(path);
	return rtld_strdup(prog);
}
