/*
 * runner.c: the measuring tool of the benchmarks (build/bench/runner), used by bench/run.sh.
 * It runs configurations of a command round-robin, each with fork/execvp, and reports per
 * configuration the median, min, max and quartiles of:
 *   wall_ms   wall time of one run (CLOCK_MONOTONIC, fork to wait4), summed over its steps
 *   cpu_ms    user + system CPU time of one run (wait4's rusage), summed over its steps
 *   rss_kb    peak resident set size of one run (wait4's ru_maxrss), the largest of its steps
 *   KEY       every "BENCH KEY VALUE" line the run printed on a captured stdout (all samples
 *             of all runs pooled: micro.c reports nanoseconds per call this way)
 *
 * Usage: runner [-n RUNS] [-w WARMUP] [-t TIMEOUT] [-E ERRFILE] CONFIG...
 *   CONFIG  = @LABEL STEP [:: STEP]...
 *   STEP    = [NAME=VALUE]... [<INFILE] [>OUTFILE] PROGRAM [ARG]...
 * A step's stdin defaults to /dev/null; its stdout is captured (and scanned for BENCH lines)
 * unless redirected; its stderr goes to ERRFILE (default /dev/null), truncated per step.
 * WARMUP rounds (default 1) are run and discarded, then RUNS rounds (default 10); a round
 * runs every configuration once, starting from a different one each round, so that drift
 * of the machine spreads evenly over the configurations.
 *
 * Output, one line per configuration and key:  LABEL KEY MEDIAN MIN MAX Q1 Q3 COUNT
 * A run that exits non-zero, is killed by a signal or exceeds TIMEOUT seconds (default 300,
 * SIGALRM set before exec) marks its configuration failed: the line is "LABEL failed REASON",
 * the step, its status and the tail of its stderr go to our stderr, and the other
 * configurations carry on.  Exit status: 0, or 1 if any configuration failed, 2 on usage.
 *
 * Must stay true: no dependency beyond libc; nothing but the measured child runs between the
 * two clock reads except fork, wait4 and reading the child's stdout pipe; the output format
 * above is what bench/run.sh parses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct series {
	char *key;
	double *v;
	size_t n, cap;
};

struct step {
	char **argv; /* PROGRAM ARGS..., NULL-terminated (points into our argv) */
	char **env;  /* NAME=VALUE... */
	int nenv;
	const char *in, *out;
};

struct config {
	const char *label;
	struct step *steps;
	int nsteps;
	struct series *ser;
	int nser;
	char failed[512];
};

static int ncfg;
static struct config *cfgs;
static unsigned timeout_s = 300;
static const char *errfile = "/dev/null";

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("runner");
		exit(2);
	}
	return p;
}

static void add(struct config *c, const char *key, double v)
{
	int i;
	for (i = 0; i < c->nser; i++)
		if (!strcmp(c->ser[i].key, key))
			break;
	if (i == c->nser) {
		c->ser = xrealloc(c->ser, (c->nser + 1) * sizeof *c->ser);
		c->ser[i] = (struct series){ .key = strdup(key) };
		c->nser++;
	}
	struct series *s = &c->ser[i];
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = v;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void scan_bench_lines(struct config *c, char *buf, int record)
{
	for (char *line = buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		char key[128];
		double v;
		if (record && sscanf(line, "BENCH %127s %lf", key, &v) == 2)
			add(c, key, v);
		line = nl ? nl + 1 : NULL;
	}
}

static void describe(const struct step *s, char *out, size_t n)
{
	size_t o = 0;
	out[0] = 0;
	for (int i = 0; i < s->nenv && o < n; i++)
		o += snprintf(out + o, n - o, "%s ", s->env[i]);
	for (char **a = s->argv; *a && o < n; a++)
		o += snprintf(out + o, n - o, "%s%s", a == s->argv ? "" : " ", *a);
	if (s->in && o < n)
		o += snprintf(out + o, n - o, " <%s", s->in);
	if (s->out && o < n)
		snprintf(out + o, n - o, " >%s", s->out);
}

static void show_stderr_tail(void)
{
	FILE *f = fopen(errfile, "r");
	if (!f)
		return;
	char line[1024];
	long nlines = 0;
	while (fgets(line, sizeof line, f))
		nlines++;
	rewind(f);
	long skip = nlines > 20 ? nlines - 20 : 0;
	if (nlines)
		fprintf(stderr, "runner:   its stderr%s:\n", skip ? " (last 20 lines)" : "");
	for (long i = 0; fgets(line, sizeof line, f); i++)
		if (i >= skip)
			fprintf(stderr, "runner:   | %s%s", line, strchr(line, '\n') ? "" : "\n");
	fclose(f);
}

/* One step: returns 0, or -1 with c->failed set. */
static int run_step(struct config *c, const struct step *s, int record, double *ms, double *cpu,
		    long *rss)
{
	int pfd[2] = { -1, -1 };
	if (!s->out && pipe2(pfd, O_CLOEXEC) < 0) {
		perror("runner: pipe");
		exit(2);
	}
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		perror("runner: fork");
		exit(2);
	}
	if (pid == 0) {
		for (int i = 0; i < s->nenv; i++)
			putenv(s->env[i]);
		int in = open(s->in ? s->in : "/dev/null", O_RDONLY);
		int out = s->out ? open(s->out, O_WRONLY | O_CREAT | O_TRUNC, 0644) : pfd[1];
		int err = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || out < 0 || err < 0) {
			dprintf(err >= 0 ? err : 2, "runner: cannot open %s\n",
				in < 0 ? (s->in ? s->in : "/dev/null") : out < 0 ? s->out : errfile);
			_exit(126);
		}
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		alarm(timeout_s);
		execvp(s->argv[0], s->argv);
		dprintf(2, "runner: cannot execute %s: %s\n", s->argv[0], strerror(errno));
		_exit(127);
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	if (!s->out) {
		close(pfd[1]);
		for (;;) {
			if (cap - len < 4096) {
				cap = cap ? 2 * cap : 65536;
				buf = xrealloc(buf, cap);
			}
			ssize_t r = read(pfd[0], buf + len, cap - len - 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			len += r;
		}
		close(pfd[0]);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("runner: wait4");
			exit(2);
		}
	*ms += now_ms() - t0;
	*cpu += (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	if (ru.ru_maxrss > *rss)
		*rss = ru.ru_maxrss;
	if (buf) {
		buf[len] = 0;
		scan_bench_lines(c, buf, record);
	}
	free(buf);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		snprintf(c->failed, sizeof c->failed, "exit status %d", WEXITSTATUS(status));
	else if (WTERMSIG(status) == SIGALRM)
		snprintf(c->failed, sizeof c->failed, "timed out after %us (SIGALRM)", timeout_s);
	else
		snprintf(c->failed, sizeof c->failed, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	char what[2048];
	describe(s, what, sizeof what);
	fprintf(stderr, "runner: [%s] %s: %s\n", c->label, what, c->failed);
	show_stderr_tail();
	return -1;
}

static void run_config(struct config *c, int record)
{
	double ms = 0, cpu = 0;
	long rss = 0;
	for (int i = 0; i < c->nsteps; i++)
		if (run_step(c, &c->steps[i], record, &ms, &cpu, &rss) < 0)
			return;
	if (record) {
		add(c, "wall_ms", ms);
		add(c, "cpu_ms", cpu);
		add(c, "rss_kb", (double)rss);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* quantile q of sorted v[0..n-1], linear interpolation */
static double quantile(const double *v, size_t n, double q)
{
	double pos = q * (n - 1);
	size_t i = (size_t)pos;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

static void usage(void)
{
	fprintf(stderr, "usage: runner [-n RUNS] [-w WARMUP] [-t TIMEOUT] [-E ERRFILE] "
			"@LABEL [NAME=VALUE]... [<IN] [>OUT] PROGRAM [ARG]... [:: STEP]... "
			"[@LABEL ...]\n");
	exit(2);
}

static int is_env(const char *a)
{
	const char *eq = strchr(a, '=');
	if (!eq || eq == a || a[0] == '-' || a[0] == '/' || a[0] == '.')
		return 0;
	for (const char *p = a; p < eq; p++)
		if (!(*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (p > a && *p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	int runs = 10, warmup = 1, i = 1;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "-n"))
			runs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-w"))
			warmup = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-t"))
			timeout_s = (unsigned)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "-E"))
			errfile = argv[i + 1];
		else
			usage();
	}
	if (runs < 1 || warmup < 0 || i >= argc || argv[i][0] != '@')
		usage();
	/* parse: each "::" and "@LABEL" separator is replaced by NULL, which terminates the
	 * argv of the step before it (its kind and label are read before that) */
	cfgs = xrealloc(NULL, argc * sizeof *cfgs);
	while (i < argc) {
		struct config *c = &cfgs[ncfg++];
		*c = (struct config){ .label = argv[i] + 1 };
		if (!*c->label)
			usage();
		argv[i++] = NULL;
		for (;;) {
			c->steps = xrealloc(c->steps, (c->nsteps + 1) * sizeof *c->steps);
			struct step *s = &c->steps[c->nsteps++];
			*s = (struct step){ .env = &argv[i] };
			for (; i < argc && is_env(argv[i]); i++)
				s->nenv++;
			for (; i < argc && (argv[i][0] == '<' || argv[i][0] == '>'); i++)
				*(argv[i][0] == '<' ? &s->in : &s->out) = argv[i] + 1;
			if (i >= argc || !strcmp(argv[i], "::") || argv[i][0] == '@')
				usage();
			s->argv = &argv[i];
			while (i < argc && strcmp(argv[i], "::") && argv[i][0] != '@')
				i++;
			if (i < argc && !strcmp(argv[i], "::")) {
				argv[i++] = NULL;
				continue;
			}
			break; /* end of arguments (argv[argc] is NULL) or the next "@LABEL" */
		}
	}

	for (int round = -warmup; round < runs; round++)
		for (int k = 0; k < ncfg; k++) {
			struct config *c = &cfgs[((round % ncfg) + ncfg + k) % ncfg];
			if (!c->failed[0])
				run_config(c, round >= 0);
		}

	int anyfail = 0;
	for (int k = 0; k < ncfg; k++) {
		struct config *c = &cfgs[k];
		if (c->failed[0]) {
			printf("%s failed %s\n", c->label, c->failed);
			anyfail = 1;
			continue;
		}
		for (int j = 0; j < c->nser; j++) {
			struct series *s = &c->ser[j];
			qsort(s->v, s->n, sizeof *s->v, cmp_double);
			printf("%s %s %.6g %.6g %.6g %.6g %.6g %zu\n", c->label, s->key,
			       quantile(s->v, s->n, 0.5), s->v[0], s->v[s->n - 1],
			       quantile(s->v, s->n, 0.25), quantile(s->v, s->n, 0.75), s->n);
		}
	}
	return anyfail;
}
