/*
 * gen.c: generates the macro-benchmark inputs (build/bench/gen), deterministically, so every
 * run and every machine works on the same bytes.
 *   gen sql ROWS SELECTS   an SQL script for sqlite3 on stdout: a table of ROWS rows
 *                          inserted in one transaction, a second table, aggregates, joins,
 *                          an index, then SELECTS point queries and an update pass
 *   gen data BYTES         BYTES of text on stdout: words from a small vocabulary chosen by a
 *                          fixed pseudo-random sequence, with numbers (compresses ~3-4x)
 *   gen libs N DIR         the sources of a program linked against N small libraries (issue
 *                          17's scale rows): DIR/lK.c for K = 1..N, each with a variable, three
 *                          functions and a call into library K-1, and DIR/main.c, which calls
 *                          into every library once and prints the sum
 *
 * Must stay true: output depends only on the arguments (fixed seed, no time, no locale); the
 * SQL script is valid for sqlite3 3.40 (Debian 12) and ends by printing a result, so a run
 * that did the work can be told from one that did not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 0x2545F4914F6CDD1DULL;
static unsigned rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state >> 11);
}

static const char *const words[] = {
	"compartment", "library", "trampoline", "sealed", "entry", "stack", "trusted", "frame",
	"capability", "loader", "symbol", "relocation", "object", "thread", "signal", "policy",
	"the", "a", "of", "and", "to", "in", "is", "for", "with", "on", "call", "return",
	"memory", "page", "shadow", "tag", "bounds", "domain", "switch", "kernel", "user",
	"space", "linker", "dynamic", "binding", "lazy", "now", "global", "local", "weak",
};
#define NWORDS (sizeof words / sizeof words[0])

static int gen_sql(long rows, long selects)
{
	printf("PRAGMA journal_mode=OFF;\nPRAGMA synchronous=OFF;\n");
	printf("CREATE TABLE t(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, val REAL);\n");
	printf("CREATE TABLE g(grp INTEGER PRIMARY KEY, label TEXT);\n");
	printf("BEGIN;\n");
	for (long i = 1; i <= rows; i++)
		printf("INSERT INTO t VALUES(%ld, %u, '%s-%s-%ld', %u.%02u);\n", i, rnd() % 100,
		       words[rnd() % NWORDS], words[rnd() % NWORDS], i, rnd() % 10000, rnd() % 100);
	for (int g = 0; g < 100; g++)
		printf("INSERT INTO g VALUES(%d, 'group %s %d');\n", g, words[g % NWORDS], g);
	printf("COMMIT;\n");
	printf("SELECT count(*), sum(val), avg(val), min(name), max(name) FROM t;\n");
	printf("SELECT grp, count(*), sum(val) FROM t GROUP BY grp ORDER BY 3 DESC LIMIT 5;\n");
	printf("SELECT g.label, count(*), avg(t.val) FROM t JOIN g ON t.grp = g.grp "
	       "WHERE t.val > 5000 GROUP BY g.label ORDER BY 2 DESC LIMIT 5;\n");
	printf("SELECT count(*) FROM t WHERE name LIKE '%%trampoline%%';\n");
	printf("CREATE INDEX t_grp_val ON t(grp, val);\nCREATE INDEX t_name ON t(name);\n");
	for (long i = 0; i < selects; i++) {
		switch (i % 4) {
		case 0:
			printf("SELECT name, val FROM t WHERE id = %ld;\n", (long)(rnd() % rows) + 1);
			break;
		case 1:
			printf("SELECT count(*), max(val) FROM t WHERE grp = %u AND val > %u;\n",
			       rnd() % 100, rnd() % 10000);
			break;
		case 2:
			printf("SELECT t.id, g.label FROM t JOIN g USING(grp) WHERE t.name >= '%s' "
			       "ORDER BY t.name LIMIT 3;\n", words[rnd() % NWORDS]);
			break;
		default:
			printf("UPDATE t SET val = val + 1 WHERE id = %ld;\n", (long)(rnd() % rows) + 1);
		}
	}
	printf("SELECT 'done', count(*), round(sum(val), 2) FROM t;\n");
	return 0;
}

static int gen_data(long bytes)
{
	char line[256];
	while (bytes > 0) {
		size_t n = 0;
		while (n < 160) {
			const char *w = words[rnd() % NWORDS];
			size_t l = strlen(w);
			memcpy(line + n, w, l);
			n += l;
			if (rnd() % 5 == 0)
				n += sprintf(line + n, " %u", rnd() % 100000);
			line[n++] = ' ';
		}
		line[n - 1] = '\n';
		if ((long)n > bytes)
			n = bytes;
		fwrite(line, 1, n, stdout);
		bytes -= n;
	}
	return 0;
}

static int gen_libs(long n, const char *dir)
{
	char path[4096];
	for (long k = 1; k <= n; k++) {
		snprintf(path, sizeof path, "%s/l%ld.c", dir, k);
		FILE *f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		if (k > 1)
			fprintf(f, "int f%ld_a(int);\n", k - 1);
		fprintf(f, "int g%ld = %ld;\n", k, k);
		fprintf(f, "int f%ld_a(int x) { return x + g%ld; }\n", k, k);
		if (k > 1)
			fprintf(f, "int f%ld_b(int x) { return f%ld_a(x) * 2 + f%ld_a(x); }\n", k, k,
				k - 1);
		else
			fprintf(f, "int f%ld_b(int x) { return f%ld_a(x) * 2; }\n", k, k);
		fprintf(f, "const char *f%ld_name(void) { return \"lib%ld\"; }\n", k, k);
		if (fclose(f) != 0)
			return 1;
	}
	snprintf(path, sizeof path, "%s/main.c", dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	fprintf(f, "#include <stdio.h>\n");
	for (long k = 1; k <= n; k++)
		fprintf(f, "int f%ld_b(int);\n", k);
	fprintf(f, "int main(void)\n{\n\tlong s = 0;\n");
	for (long k = 1; k <= n; k++)
		fprintf(f, "\ts += f%ld_b(%ld);\n", k, k);
	fprintf(f, "\tprintf(\"%%ld\\n\", s);\n\treturn 0;\n}\n");
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "sql"))
		return gen_sql(atol(argv[2]), atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "data"))
		return gen_data(atol(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "libs"))
		return gen_libs(atol(argv[2]), argv[3]);
	fprintf(stderr, "usage: gen sql ROWS SELECTS | gen data BYTES | gen libs N DIR\n");
	return 2;
}
