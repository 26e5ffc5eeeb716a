/*
 * fuzz.h: the driver every harness in fuzz/ shares.  A harness defines
 *
 *   static void fuzz_init(void);                          once per process
 *   static void fuzz_one(const uint8_t *data, size_t len); once per input
 *
 * and includes this file first (it defines main()).  Built with afl-cc (__AFL_FUZZ_TESTCASE_LEN defined), main()
 * is AFL++'s persistent loop over its shared-memory input; built with a plain compiler, main()
 * replays the files and directories named on the command line (every regular file in a
 * directory), so a crash afl-fuzz found reproduces without AFL:
 *
 *   build/fuzz/replay-object build/fuzz/out/object/default/crashes
 *
 * Must stay true: fuzz_one gives back everything it took (memory, mappings, descriptors), so
 * that thousands of inputs in one process measure the parser, not a leak; an input the code
 * under test rejects is a normal outcome, only a crash, a hang or a broken invariant (abort())
 * is a finding.
 */
#ifndef C18N_FUZZ_H
#define C18N_FUZZ_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void fuzz_init(void);
static void fuzz_one(const uint8_t *data, size_t len);

/* The input as a file: one memfd per process, rewritten for every input (same descriptor, same
 * inode).  Its name for code that opens by path is fuzz_file_path. */
static int fuzz_fd = -1;
static char fuzz_file_path[64];

static int fuzz_file(const uint8_t *data, size_t len)
{
	if (fuzz_fd < 0) {
		fuzz_fd = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (fuzz_fd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(fuzz_file_path, sizeof fuzz_file_path, "/proc/self/fd/%d", fuzz_fd);
	}
	if (ftruncate(fuzz_fd, 0) < 0 || (len && pwrite(fuzz_fd, data, len, 0) != (ssize_t)len)) {
		perror("fuzz input file");
		abort();
	}
	return fuzz_fd;
}

/* An invariant of the code under test does not hold: a finding, like a crash. */
#define FUZZ_CHECK(cond, ...)                                                      \
	do {                                                                       \
		if (!(cond)) {                                                     \
			fprintf(stderr, "fuzz invariant broken: " __VA_ARGS__);   \
			fputc('\n', stderr);                                       \
			abort();                                                   \
		}                                                                  \
	} while (0)

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();

int main(void)
{
	fuzz_init();
	__AFL_INIT();
	unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(10000))
		fuzz_one(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
	return 0;
}
#else
static size_t replay_n;

static void replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", path);
		exit(2);
	}
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	fuzz_one(buf, len);
	free(buf);
	replay_n++;
}

static void replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	struct dirent **ents;
	int n = scandir(path, &ents, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", path, ents[i]->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			replay_file(p);
		free(ents[i]);
	}
	free(ents);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...  (replays each input once)\n", argv[0]);
		return 2;
	}
	fuzz_init();
	for (int i = 1; i < argc; i++)
		replay_path(argv[i]);
	fprintf(stderr, "replay: %zu inputs, no crash\n", replay_n);
	return 0;
}
#endif

#endif
