/*
 * debugfile.c: where an object's DWARF lives -- its own .debug_info, else a separate file
 * found by build-id (ROOT/.build-id/xx/yyyy.debug) or by .gnu_debuglink (DIR/NAME,
 * DIR/.debug/NAME, ROOT/DIR/NAME), checked against the object's build-id or the link's CRC.
 * dwarfsig_find_debug reads the object with libelf (c18n-inspect, dwarfsig_load_elf);
 * dwarfsig_find_debug_fd reads it from the section headers the loader read itself.
 *
 * Must stay true:
 *  - The one implementation of debug-file discovery: the loader and c18n-inspect both call
 *    it, so the tool reads the DWARF the loader would.
 *  - Allocates nothing itself: the path goes to the caller's buffer.
 *  - Nothing here prints or calls rtld_error(): no debug file found is DWARFSIG_DEBUG_NONE.
 */
#include "rtld.h"

#include "dwarfsig.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- where the DWARF is ---- */
static Elf_Scn *find_section(Elf *e, const char *name, GElf_Shdr *sh)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(e, &shstrndx) < 0)
		return NULL;
	for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
		if (!gelf_getshdr(s, sh))
			continue;
		const char *n = elf_strptr(e, shstrndx, sh->sh_name);
		if (n && !strcmp(n, name))
			return s;
	}
	return NULL;
}

static int has_dwarf(Elf *e)
{
	GElf_Shdr sh;
	Elf_Scn *s = find_section(e, ".debug_info", &sh);
	if (!s)
		s = find_section(e, ".zdebug_info", &sh);
	return s && sh.sh_type != SHT_NOBITS && sh.sh_size > 0;
}

/* The NT_GNU_BUILD_ID bytes of e (pointing into e's data), or 0. */
static size_t build_id(Elf *e, const unsigned char **id)
{
	GElf_Shdr sh;
	for (Elf_Scn *s = elf_nextscn(e, NULL); s; s = elf_nextscn(e, s)) {
		if (!gelf_getshdr(s, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		Elf_Data *d = elf_getdata(s, NULL);
		size_t off = 0, noff, doff;
		GElf_Nhdr nh;
		while (d && (off = gelf_getnote(d, off, &nh, &noff, &doff)) > 0) {
			if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
			    memcmp((char *)d->d_buf + noff, "GNU", 4) || nh.n_descsz < 2 ||
			    nh.n_descsz > 64)
				continue;
			*id = (const unsigned char *)d->d_buf + doff;
			return nh.n_descsz;
		}
	}
	return 0;
}

static void crc32_table(uint32_t table[256])
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
}

static uint32_t crc32_update(const uint32_t table[256], uint32_t crc, const unsigned char *p,
			     size_t n)
{
	crc = ~crc;
	while (n--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* Is the file at path the debug file a .gnu_debuglink with crc names, for an object with the
 * given build-id (idlen 0: none)? */
static int debuglink_matches(const char *path, uint32_t crc, const unsigned char *id,
			     size_t idlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (idlen) {
		Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
		const unsigned char *did;
		size_t dlen = e ? build_id(e, &did) : 0;
		int verdict = dlen ? dlen == idlen && !memcmp(did, id, idlen) : -1;
		if (e)
			elf_end(e);
		if (verdict >= 0) {
			close(fd);
			return verdict;
		}
		if (lseek(fd, 0, SEEK_SET) != 0) {
			close(fd);
			return 0;
		}
	}
	unsigned char buf[16384];
	uint32_t table[256], c = 0;
	ssize_t n;
	crc32_table(table);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		c = crc32_update(table, c, buf, (size_t)n);
	close(fd);
	return n == 0 && c == crc;
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Directories debug discovery has resolved: the loader asks about every library of a
 * directory in turn, and realpath() would walk (readlink) every component each time. */
static struct dircache {
	char dir[PATH_MAX];     /* as given */
	char real[PATH_MAX];    /* realpath of it */
	int dot_debug;          /* real/.debug exists */
} dircache[4];
static unsigned dircache_next;

static const struct dircache *resolve_dir(const char *dir, size_t dlen)
{
	if (dlen >= PATH_MAX)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(dircache); i++)
		if (dircache[i].real[0] && !strncmp(dircache[i].dir, dir, dlen) &&
		    !dircache[i].dir[dlen])
			return &dircache[i];
	struct dircache *c = &dircache[dircache_next++ % ARRAY_SIZE(dircache)];
	char d[PATH_MAX];
	memcpy(d, dir, dlen);
	d[dlen] = 0;
	if (!realpath(dlen ? d : "/", c->real)) {
		c->real[0] = 0;
		return NULL;
	}
	memcpy(c->dir, d, dlen + 1);
	char dd[PATH_MAX];
	struct stat st;
	c->dot_debug = snprintf(dd, sizeof dd, "%s/.debug", c->real) < (int)sizeof dd &&
		       stat(dd, &st) == 0 && S_ISDIR(st.st_mode);
	return c;
}

/* realpath(path) into real (PATH_MAX bytes), the directory part through the cache; *cp is the
 * directory's cache entry when the file lies in it. */
static int real_path(const char *path, char *real, const struct dircache **cp)
{
	char cur[PATH_MAX];
	*cp = NULL;
	if (strlen(path) >= sizeof cur)
		return -1;
	strcpy(cur, path);
	for (int hops = 0; hops < 8; hops++) {
		const char *slash = strrchr(cur, '/');
		const char *base = slash ? slash + 1 : cur;
		const struct dircache *c = resolve_dir(cur, slash ? (size_t)(slash - cur) : 0);
		if (!slash)
			c = resolve_dir(".", 1);
		if (!c || !*base)
			break;
		int n = snprintf(real, PATH_MAX, "%s%s%s", c->real, c->real[1] ? "/" : "", base);
		if (n <= 0 || n >= PATH_MAX)
			return -1;
		char link[PATH_MAX];
		ssize_t ln = readlink(real, link, sizeof link - 1);
		if (ln < 0) {
			if (errno != EINVAL)
				return -1;
			*cp = c; /* not a symbolic link: done */
			return 0;
		}
		link[ln] = 0;
		if (strchr(link, '/'))
			break; /* a link elsewhere: let realpath() do it */
		strcpy(cur, real); /* a link within the directory: follow it there */
		strcpy(strrchr(cur, '/') + 1, link);
	}
	return realpath(path, real) ? 0 : -1;
}

/* Does a debug root exist at all?  Most machines have no /usr/lib/debug: then no candidate
 * under it needs to be tried.  Only the default root is remembered. */
static int root_exists(const char *root, int is_default)
{
	static int default_state = -1;
	if (is_default && default_state >= 0)
		return default_state;
	struct stat st;
	int r = stat(root, &st) == 0 && S_ISDIR(st.st_mode);
	if (is_default)
		default_state = r;
	return r;
}

/* What the search for an object's DWARF needs to know of it. */
struct debug_facts {
	int has_dwarf;             /* a non-empty .debug_info (or .zdebug_info) of its own */
	const unsigned char *id;   /* NT_GNU_BUILD_ID bytes */
	size_t idlen;
	const char *link;          /* .gnu_debuglink contents: NAME, NUL, padding to 4, CRC32 */
	size_t linksz;
};

static enum dwarfsig_debug_source find_debug(const struct debug_facts *f, const char *path,
					     const char *const *roots, size_t nroots,
					     const int *have_root, char *buf, size_t size)
{
	if (f->has_dwarf)
		return DWARFSIG_DEBUG_EMBEDDED;

	/* build-id */
	const unsigned char *id = f->id;
	size_t idlen = f->idlen;
	char hex[130] = ""; /* the build ID in hex: .build-id/hex[0..2]/hex[2..].debug */
	if (idlen) {
		static const char digits[] = "0123456789abcdef";
		for (size_t k = 0; k < idlen; k++) {
			hex[2 * k] = digits[id[k] >> 4];
			hex[2 * k + 1] = digits[id[k] & 15];
		}
		hex[2 * idlen] = 0;
		for (size_t r = 0; r < nroots; r++) {
			if (!have_root[r])
				continue;
			int n = snprintf(buf, size, "%s/.build-id/%.2s/%s.debug", roots[r], hex,
					 hex + 2);
			if (n > 0 && (size_t)n < size && access(buf, R_OK) == 0)
				return DWARFSIG_DEBUG_BUILD_ID;
		}
	}

	/* .gnu_debuglink: NAME, NUL, padding to 4, CRC32 of the debug file */
	if (!f->link || f->linksz < 8)
		return DWARFSIG_DEBUG_NONE;
	const char *name = f->link;
	size_t nlen = strnlen(name, f->linksz);
	size_t crcoff = (nlen + 4) & ~(size_t)3;
	if (nlen == 0 || crcoff + 4 > f->linksz || memchr(name, '/', nlen))
		return DWARFSIG_DEBUG_NONE;
	/* A debuglink that names the build-id file itself ("yyyy.debug", as Debian's dh_strip
	 * writes it) points at the file the build-id lookup above just looked for: it is not
	 * searched for again beside the object (four system calls per library) */
	if (idlen > 1 && nlen == 2 * idlen - 2 + 6 && !memcmp(name, hex + 2, 2 * idlen - 2) &&
	    !memcmp(name + nlen - 6, ".debug", 6))
		return DWARFSIG_DEBUG_NONE;
	uint32_t crc;
	memcpy(&crc, f->link + crcoff, 4);
	char real[PATH_MAX];
	const struct dircache *dc;
	if (real_path(path, real, &dc) < 0)
		return DWARFSIG_DEBUG_NONE;
	char *slash = strrchr(real, '/');
	if (!slash)
		return DWARFSIG_DEBUG_NONE;
	int dlen = (int)(slash - real);
	for (size_t k = 0; k < 2 + nroots; k++) {
		int n = k == 0	 ? snprintf(buf, size, "%.*s/%.*s", dlen, real, (int)nlen, name)
			: k == 1 ? snprintf(buf, size, "%.*s/.debug/%.*s", dlen, real, (int)nlen,
					    name)
				 : snprintf(buf, size, "%s%.*s/%.*s", roots[k - 2], dlen, real,
					    (int)nlen, name);
		if ((k == 1 && dc && !dc->dot_debug) || (k >= 2 && !have_root[k - 2]))
			continue;
		if (n > 0 && (size_t)n < size && access(buf, R_OK) == 0 && !same_file(buf, real) &&
		    debuglink_matches(buf, crc, id, idlen))
			return DWARFSIG_DEBUG_DEBUGLINK;
	}
	return DWARFSIG_DEBUG_NONE;
}

static const char *const default_roots[] = { "/usr/lib/debug" };

enum dwarfsig_debug_source dwarfsig_find_debug(Elf *elf, const char *path,
					       const char *const *roots, size_t nroots,
					       char *buf, size_t size)
{
	int is_default = !roots || !nroots;
	if (is_default) {
		roots = default_roots;
		nroots = 1;
	}
	int have_root[8];
	if (nroots > ARRAY_SIZE(have_root))
		nroots = ARRAY_SIZE(have_root);
	for (size_t r = 0; r < nroots; r++)
		have_root[r] = root_exists(roots[r], is_default);
	if (!elf)
		return DWARFSIG_DEBUG_NONE;
	struct debug_facts f = { .has_dwarf = has_dwarf(elf) };
	if (!f.has_dwarf) {
		f.idlen = build_id(elf, &f.id);
		GElf_Shdr sh;
		Elf_Scn *s = find_section(elf, ".gnu_debuglink", &sh);
		Elf_Data *d = s ? elf_getdata(s, NULL) : NULL;
		if (d && d->d_buf) {
			f.link = d->d_buf;
			f.linksz = d->d_size;
		}
	}
	return find_debug(&f, path, roots, nroots, have_root, buf, size);
}

/* The same search from the section headers the loader read itself (pread): the notes and
 * the debuglink are read from fd, a few hundred bytes, where libelf would map the whole file
 * and index every section. */
#define SMALL_SECTION 4096
static int read_small(int fd, uint64_t fsize, const struct dwarfsig_sections *secs,
		      const Elf64_Shdr *sh, char *buf)
{
	if (sh->sh_type == SHT_NOBITS || sh->sh_size == 0 || sh->sh_size > SMALL_SECTION ||
	    sh->sh_offset > fsize || sh->sh_size > fsize - sh->sh_offset)
		return -1;
	if (secs->image && sh->sh_offset <= secs->image_len &&
	    sh->sh_size <= secs->image_len - sh->sh_offset) {
		memcpy(buf, secs->image + sh->sh_offset, sh->sh_size);
		return 0;
	}
	return rtld_read_at(fd, buf, sh->sh_size, sh->sh_offset);
}

const char *dwarfsig_section_name(const struct dwarfsig_sections *secs, const Elf64_Shdr *sh)
{
	const char *n = sh->sh_name < secs->namesz ? secs->names + sh->sh_name : NULL;
	return n && memchr(n, 0, secs->namesz - sh->sh_name) ? n : NULL;
}

enum dwarfsig_debug_source dwarfsig_find_debug_fd(int fd, uint64_t fsize,
						  const struct dwarfsig_sections *secs,
						  const char *path, char *buf, size_t size)
{
	int have_root[1] = { root_exists(default_roots[0], 1) };
	struct debug_facts f = { 0 };
	char note[SMALL_SECTION], link[SMALL_SECTION];
	unsigned char id[64];
	int seen_id = 0;
	for (size_t i = 0; i < secs->n; i++) {
		const Elf64_Shdr *sh = &secs->sh[i];
		const char *n = dwarfsig_section_name(secs, sh);
		if (!n)
			continue;
		if ((!strcmp(n, ".debug_info") || !strcmp(n, ".zdebug_info")) &&
		    sh->sh_type != SHT_NOBITS && sh->sh_size > 0) {
			f.has_dwarf = 1;
			break;
		}
		if (!strcmp(n, ".gnu_debuglink") && !f.link &&
		    read_small(fd, fsize, secs, sh, link) == 0) {
			f.link = link;
			f.linksz = sh->sh_size;
		}
		/* the first NT_GNU_BUILD_ID note of the SHT_NOTE sections, as build_id() finds it */
		if (sh->sh_type == SHT_NOTE && !seen_id && read_small(fd, fsize, secs, sh, note) == 0) {
			size_t align = sh->sh_addralign == 8 ? 8 : 4, off = 0;
			while (off + sizeof(Elf64_Nhdr) <= sh->sh_size) {
				Elf64_Nhdr nh;
				memcpy(&nh, note + off, sizeof nh);
				size_t noff = off + sizeof nh;
				size_t doff = (noff + nh.n_namesz + align - 1) & ~(align - 1);
				size_t next = (doff + nh.n_descsz + align - 1) & ~(align - 1);
				if (nh.n_namesz > sh->sh_size || nh.n_descsz > sh->sh_size ||
				    doff > sh->sh_size || nh.n_descsz > sh->sh_size - doff)
					break;
				if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
				    !memcmp(note + noff, "GNU", 4) && nh.n_descsz >= 2 &&
				    nh.n_descsz <= 64) {
					memcpy(id, note + doff, nh.n_descsz);
					f.id = id;
					f.idlen = nh.n_descsz;
					seen_id = 1;
					break;
				}
				off = next;
			}
		}
	}
	return find_debug(&f, path, default_roots, 1, have_root, buf, size);
}
