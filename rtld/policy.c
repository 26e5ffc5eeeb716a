/*
 * policy.c: parsing the compartment policy file and answering the loader's questions about it.
 *
 * Owns the installed policy (one at a time) and the file grammar of c18n.policy(5):
 *
 *   Version 1                 first line that is not blank or a comment
 *   compartment NAME          following entries: libraries grouped into compartment NAME
 *   caller NAME|*             then `trust` (or `import`), then entries: symbols
 *   callee NAME               then `export to NAME` lines, then entries: symbols
 *
 * Keywords start a line; entries are indented (tab, as CheriBSD writes them, or spaces).
 * `#` starts a comment, blank lines are ignored.  NAME is a word or a bracketed name such as
 * [TCB], which may contain spaces.
 *
 * Must stay true:
 *  - Every error is reported once, as "FILE:LINE:COLUMN: message" (1-based, columns count
 *    bytes), at the token that is wrong; nothing is installed unless the whole file is valid.
 *  - Only rtld_alloc/rtld_free/rtld_strndup/rtld_realloc_array and rtld_error from util.c:
 *    no stdio streams, no glibc malloc (this runs before the program's allocator exists).
 *  - A name used after caller/callee/export to must be [RTLD], [TCB] or declared by an earlier
 *    `compartment` block (CheriBSD resolves names while it reads, so does this).
 */
#include "policy.h"
#include "rtld.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h> /* vsnprintf only */
#include <string.h>
#include <unistd.h>

#define POLICY_MAX_SIZE (16u << 20)

struct strlist {
	char **v;
	int *line;
	size_t n, cap;
};

struct pcomp {
	char *name;
	int line;          /* first `compartment NAME` line; 0 for a built-in not yet declared */
	struct strlist libs;
	struct strlist trust;
	struct strlist import; /* accepted and kept; CheriBSD's rtld does not enforce it either */
};

struct prule {
	size_t callee;     /* index into comps */
	size_t *callers;   /* indexes into comps: the `export to` targets */
	size_t ncallers, capcallers;
	struct strlist syms;
	int line;
};

struct policy {
	char *path;
	struct pcomp *comps;
	size_t ncomps, capcomps;
	struct pcomp any; /* `caller *` */
	struct prule *rules;
	size_t nrules, caprules;
};

static struct policy *installed;

/* ---- lists and teardown ---- */

static int list_find(const struct strlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (strncmp(l->v[i], s, n) == 0 && l->v[i][n] == '\0')
			return (int)i;
	return -1;
}

static int list_add(struct strlist *l, const char *s, size_t n, int line)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 8;
		char **v = rtld_realloc_array(l->v, l->cap, nc, sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		int *ln = rtld_realloc_array(l->line, l->cap, nc, sizeof *ln);
		if (!ln)
			return -1;
		l->line = ln;
		l->cap = nc;
	}
	char *d = rtld_strndup(s, n);
	if (!d)
		return -1;
	l->v[l->n] = d;
	l->line[l->n] = line;
	l->n++;
	return 0;
}

static void list_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		rtld_free(l->v[i]);
	rtld_free(l->v);
	rtld_free(l->line);
}

static void comp_free(struct pcomp *c)
{
	rtld_free(c->name);
	list_free(&c->libs);
	list_free(&c->trust);
	list_free(&c->import);
}

static void policy_free(struct policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ncomps; i++)
		comp_free(&p->comps[i]);
	rtld_free(p->comps);
	comp_free(&p->any);
	for (size_t i = 0; i < p->nrules; i++) {
		rtld_free(p->rules[i].callers);
		list_free(&p->rules[i].syms);
	}
	rtld_free(p->rules);
	rtld_free(p->path);
	rtld_free(p);
}

static struct pcomp *comp_add(struct policy *p, const char *name, size_t n, int line)
{
	if (p->ncomps == p->capcomps) {
		size_t nc = p->capcomps ? p->capcomps * 2 : 8;
		struct pcomp *v = rtld_realloc_array(p->comps, p->capcomps, nc, sizeof *v);
		if (!v)
			return NULL;
		p->comps = v;
		p->capcomps = nc;
	}
	struct pcomp *c = &p->comps[p->ncomps];
	memset(c, 0, sizeof *c);
	if (!(c->name = rtld_strndup(name, n)))
		return NULL;
	c->line = line;
	p->ncomps++;
	return c;
}

static long comp_find(const struct policy *p, const char *name, size_t n)
{
	for (size_t i = 0; i < p->ncomps; i++)
		if (strncmp(p->comps[i].name, name, n) == 0 && p->comps[i].name[n] == '\0')
			return (long)i;
	return -1;
}

/* ---- the parser ---- */

struct tok {
	const char *s;
	size_t n;
};

enum block { B_NONE, B_COMP, B_CALLER, B_CALLEE };

struct parser {
	const char *path;
	struct policy *p;
	int line;
	const char *ls, *le; /* current line, without its newline (and a CR before it) */
	int have_version;
	enum block block;
	int block_line;        /* line of the keyword that opened the block */
	struct pcomp *comp;    /* B_COMP, B_CALLER: the compartment (or &p->any) */
	struct strlist *list;  /* B_CALLER: the trust/import list entries go to, or NULL */
	struct prule *rule;    /* B_CALLEE */
	int rule_has_syms;
};

#define SHOWN(t) (int)((t).n > 200 ? 200 : (t).n), (t).s /* for "%.*s" */

static int perr_at(struct parser *ps, int line, int col, const char *fmt, ...) PRINTF(4, 5);
static int perr_at(struct parser *ps, int line, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return rtld_error("%s:%d:%d: %s", ps->path, line, col, msg);
}

static int col_of(const struct parser *ps, const char *at) { return (int)(at - ps->ls) + 1; }

#define PERR(ps, at, ...) perr_at((ps), (ps)->line, col_of((ps), (at)), __VA_ARGS__)

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Next token on the line from *pp.  1: token in *t; 0: none left (end or comment); -1: error. */
static int next_tok(struct parser *ps, const char **pp, struct tok *t)
{
	const char *q = *pp;
	while (q < ps->le && is_blank(*q))
		q++;
	if (q == ps->le || *q == '#') {
		*pp = ps->le;
		return 0;
	}
	t->s = q;
	if (*q == '[') {
		const char *e = memchr(q, ']', (size_t)(ps->le - q));
		if (!e)
			return PERR(ps, q, "unterminated name '%.*s' (no closing ']')",
				    (int)(ps->le - q > 200 ? 200 : ps->le - q), q);
		if (e == q + 1)
			return PERR(ps, q, "empty name '[]'");
		q = e + 1;
	} else {
		while (q < ps->le && !is_blank(*q))
			q++;
	}
	t->n = (size_t)(q - t->s);
	*pp = q;
	return 1;
}

static int tok_is(const struct tok *t, const char *word)
{
	size_t n = strlen(word);
	return t->n == n && memcmp(t->s, word, n) == 0;
}

/* Nothing but blanks or a comment may follow `last` on this line. */
static int expect_end(struct parser *ps, const char *p, const struct tok *last)
{
	struct tok t;
	int r = next_tok(ps, &p, &t);
	if (r < 0)
		return -1;
	if (r > 0)
		return PERR(ps, t.s, "unexpected '%.*s' after '%.*s'", SHOWN(t), SHOWN(*last));
	return 0;
}

/* A compartment name after keyword kw (text for messages); '*' only when allow_star. */
static int need_name(struct parser *ps, const char **pp, const struct tok *kw, struct tok *name,
		     int allow_star)
{
	int r = next_tok(ps, pp, name);
	if (r < 0)
		return -1;
	if (r == 0)
		return PERR(ps, ps->le, "missing compartment name after '%.*s'", SHOWN(*kw));
	if (!allow_star && tok_is(name, "*"))
		return PERR(ps, name->s, "wildcard '*' is not supported here");
	return 0;
}

static long resolve(struct parser *ps, const struct tok *name)
{
	long i = comp_find(ps->p, name->s, name->n);
	if (i < 0)
		PERR(ps, name->s, "unknown compartment '%.*s'", SHOWN(*name));
	return i;
}

static int oom(struct parser *ps, const char *at) { return PERR(ps, at, "out of memory"); }

/* Close the current block; a caller block must have had a trust or import list. */
static int end_block(struct parser *ps)
{
	if (ps->block == B_CALLER && !ps->list)
		return perr_at(ps, ps->block_line, 1,
			       "'caller' block without a 'trust' or 'import' list");
	ps->block = B_NONE;
	ps->comp = NULL;
	ps->list = NULL;
	ps->rule = NULL;
	return 0;
}

static int do_header(struct parser *ps, const char *p)
{
	struct tok kw, num;
	if (next_tok(ps, &p, &kw) < 0)
		return -1;
	if (!tok_is(&kw, "Version"))
		return PERR(ps, kw.s, "expected 'Version 1' header, found '%.*s'", SHOWN(kw));
	int r = next_tok(ps, &p, &num);
	if (r < 0)
		return -1;
	if (r == 0)
		return PERR(ps, ps->le, "missing version number after 'Version'");
	if (!tok_is(&num, "1"))
		return PERR(ps, num.s, "unsupported policy version '%.*s' (only 1 is supported)",
			    SHOWN(num));
	if (expect_end(ps, p, &num) < 0)
		return -1;
	ps->have_version = 1;
	return 0;
}

static int do_keyword(struct parser *ps, const char *p)
{
	struct tok kw, name;
	if (next_tok(ps, &p, &kw) < 0)
		return -1;

	if (tok_is(&kw, "compartment")) {
		if (end_block(ps) < 0 || need_name(ps, &p, &kw, &name, 0) < 0 ||
		    expect_end(ps, p, &name) < 0)
			return -1;
		long i = comp_find(ps->p, name.s, name.n);
		if (i < 0) {
			if (!comp_add(ps->p, name.s, name.n, ps->line))
				return oom(ps, name.s);
			i = (long)ps->p->ncomps - 1;
		}
		ps->comp = &ps->p->comps[i];
		if (!ps->comp->line)
			ps->comp->line = ps->line;
		ps->block = B_COMP;
		ps->block_line = ps->line;
		return 0;
	}

	if (tok_is(&kw, "caller")) {
		if (end_block(ps) < 0 || need_name(ps, &p, &kw, &name, 1) < 0 ||
		    expect_end(ps, p, &name) < 0)
			return -1;
		if (tok_is(&name, "*")) {
			ps->comp = &ps->p->any;
		} else {
			long i = resolve(ps, &name);
			if (i < 0)
				return -1;
			ps->comp = &ps->p->comps[i];
		}
		ps->block = B_CALLER;
		ps->block_line = ps->line;
		return 0;
	}

	if (tok_is(&kw, "trust") || tok_is(&kw, "import")) {
		if (ps->block != B_CALLER)
			return PERR(ps, kw.s, "'%.*s' outside a 'caller' block", SHOWN(kw));
		if (expect_end(ps, p, &kw) < 0)
			return -1;
		ps->list = tok_is(&kw, "trust") ? &ps->comp->trust : &ps->comp->import;
		return 0;
	}

	if (tok_is(&kw, "callee")) {
		if (end_block(ps) < 0 || need_name(ps, &p, &kw, &name, 0) < 0 ||
		    expect_end(ps, p, &name) < 0)
			return -1;
		long i = resolve(ps, &name);
		if (i < 0)
			return -1;
		struct policy *pol = ps->p;
		if (pol->nrules == pol->caprules) {
			size_t nc = pol->caprules ? pol->caprules * 2 : 8;
			struct prule *v = rtld_realloc_array(pol->rules, pol->caprules, nc, sizeof *v);
			if (!v)
				return oom(ps, kw.s);
			pol->rules = v;
			pol->caprules = nc;
		}
		ps->rule = &pol->rules[pol->nrules++];
		memset(ps->rule, 0, sizeof *ps->rule);
		ps->rule->callee = (size_t)i;
		ps->rule->line = ps->line;
		ps->rule_has_syms = 0;
		ps->block = B_CALLEE;
		ps->block_line = ps->line;
		return 0;
	}

	if (tok_is(&kw, "export")) {
		if (ps->block != B_CALLEE)
			return PERR(ps, kw.s, "'export to' outside a 'callee' block");
		struct tok to;
		int r = next_tok(ps, &p, &to);
		if (r < 0)
			return -1;
		if (r == 0 || !tok_is(&to, "to"))
			return PERR(ps, r ? to.s : ps->le, "expected 'to' after 'export'");
		if (ps->rule_has_syms)
			return PERR(ps, kw.s,
				    "'export to' must come before the symbols of a 'callee' block");
		if (need_name(ps, &p, &to, &name, 0) < 0 || expect_end(ps, p, &name) < 0)
			return -1;
		long i = resolve(ps, &name);
		if (i < 0)
			return -1;
		struct prule *rl = ps->rule;
		for (size_t k = 0; k < rl->ncallers; k++)
			if (rl->callers[k] == (size_t)i)
				return 0;
		if (rl->ncallers == rl->capcallers) {
			size_t nc = rl->capcallers ? rl->capcallers * 2 : 4;
			size_t *v = rtld_realloc_array(rl->callers, rl->capcallers, nc, sizeof *v);
			if (!v)
				return oom(ps, name.s);
			rl->callers = v;
			rl->capcallers = nc;
		}
		rl->callers[rl->ncallers++] = (size_t)i;
		return 0;
	}

	if (tok_is(&kw, "Version"))
		return PERR(ps, kw.s, "duplicate 'Version' header");
	if (ps->block != B_NONE)
		return PERR(ps, kw.s, "unknown keyword '%.*s' (list entries must be indented)",
			    SHOWN(kw));
	return PERR(ps, kw.s, "unknown keyword '%.*s'", SHOWN(kw));
}

static int do_entry(struct parser *ps, const char *p)
{
	struct tok e;
	if (next_tok(ps, &p, &e) < 0 || expect_end(ps, p, &e) < 0)
		return -1;
	if (ps->block == B_NONE)
		return PERR(ps, e.s, "'%.*s' is not inside a 'compartment', 'caller' or 'callee' block",
			    SHOWN(e));
	if (tok_is(&e, "*"))
		return PERR(ps, e.s, "wildcard '*' is not supported here");

	switch (ps->block) {
	case B_COMP: {
		struct policy *pol = ps->p;
		if (strcmp(ps->comp->name, "[RTLD]") == 0)
			return PERR(ps, e.s, "compartment '[RTLD]' is the loader's own and takes no "
					     "libraries");
		if (memchr(e.s, '/', e.n))
			return PERR(ps, e.s, "library name '%.*s' contains '/' (use its DT_SONAME or "
					     "file name)", SHOWN(e));
		for (size_t i = 0; i < pol->ncomps; i++) {
			int k = list_find(&pol->comps[i].libs, e.s, e.n);
			if (k >= 0)
				return PERR(ps, e.s, "library '%.*s' is already in compartment '%s' "
						     "(line %d)", SHOWN(e), pol->comps[i].name,
					    pol->comps[i].libs.line[k]);
		}
		if (list_add(&ps->comp->libs, e.s, e.n, ps->line) < 0)
			return oom(ps, e.s);
		return 0;
	}
	case B_CALLER:
		if (!ps->list)
			return PERR(ps, e.s, "symbol '%.*s' before 'trust' or 'import'", SHOWN(e));
		if (list_find(ps->list, e.s, e.n) < 0 && list_add(ps->list, e.s, e.n, ps->line) < 0)
			return oom(ps, e.s);
		return 0;
	case B_CALLEE:
		ps->rule_has_syms = 1;
		if (list_find(&ps->rule->syms, e.s, e.n) < 0 &&
		    list_add(&ps->rule->syms, e.s, e.n, ps->line) < 0)
			return oom(ps, e.s);
		return 0;
	case B_NONE:
		break;
	}
	return 0;
}

static int do_line(struct parser *ps)
{
	for (const char *c = ps->ls; c < ps->le; c++) {
		unsigned char u = (unsigned char)*c;
		if ((u < 0x20 && u != '\t') || u == 0x7f)
			return PERR(ps, c, "invalid control character 0x%02x", u);
	}
	const char *p = ps->ls;
	while (p < ps->le && is_blank(*p))
		p++;
	if (p == ps->le || *p == '#')
		return 0;
	if (!ps->have_version)
		return do_header(ps, p);
	if (p > ps->ls)
		return do_entry(ps, p);
	return do_keyword(ps, p);
}

static int parse(struct parser *ps, const char *buf, size_t len)
{
	const char *cur = buf, *end = buf + len;
	ps->line = 0;
	while (cur < end) {
		const char *nl = memchr(cur, '\n', (size_t)(end - cur));
		const char *le = nl ? nl : end;
		ps->line++;
		ps->ls = cur;
		ps->le = (le > cur && le[-1] == '\r') ? le - 1 : le;
		if (do_line(ps) < 0)
			return -1;
		cur = nl ? nl + 1 : end;
	}
	/* Errors at the end of the file point just past its last character. */
	if (len == 0 || buf[len - 1] == '\n') {
		ps->line++;
		ps->ls = ps->le = end;
	} else {
		ps->le = end;
	}
	if (!ps->have_version)
		return PERR(ps, ps->le, "missing 'Version 1' header");
	return end_block(ps);
}

/* ---- loading ---- */

static char *read_all(const char *path, size_t *lenp, int *errp, int *too_big)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*errp = errno;
		return NULL;
	}
	size_t len = 0, cap = 0;
	char *buf = NULL;
	for (;;) {
		if (len == cap) {
			if (cap >= POLICY_MAX_SIZE) {
				*too_big = 1;
				break;
			}
			size_t nc = cap ? cap * 2 : 4096;
			char *nb = rtld_realloc_array(buf, cap, nc, 1);
			if (!nb) {
				*errp = ENOMEM;
				break;
			}
			buf = nb;
			cap = nc;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*errp = errno;
			break;
		}
		if (r == 0) {
			close(fd);
			*lenp = len;
			return buf;
		}
		len += (size_t)r;
	}
	close(fd);
	rtld_free(buf);
	return NULL;
}

int policy_load(const char *path)
{
	if (!path || !*path)
		return rtld_error("%s:%d:%d: %s", "", 0, 0, "empty policy file name");
	size_t len = 0;
	int err = 0, too_big = 0;
	char *buf = read_all(path, &len, &err, &too_big);
	if (!buf) {
		if (too_big)
			return rtld_error("%s:%d:%d: policy file is larger than %u MiB", path, 0, 0,
					  POLICY_MAX_SIZE >> 20);
		return rtld_error("%s:%d:%d: cannot read policy file: %s", path, 0, 0,
				  strerror(err));
	}

	struct policy *p = rtld_alloc(sizeof *p);
	struct parser ps = { .path = path, .p = p };
	int r = -1;
	if (!p || !(p->path = rtld_strdup(path)) || !comp_add(p, "[RTLD]", 6, 0) ||
	    !comp_add(p, "[TCB]", 5, 0) || !(p->any.name = rtld_strdup("*")))
		rtld_error("%s:%d:%d: %s", path, 0, 0, "out of memory");
	else
		r = parse(&ps, buf, len);
	rtld_free(buf);
	if (r < 0) {
		policy_free(p);
		return -1;
	}
	policy_free(installed);
	installed = p;
	return 0;
}

int policy_loaded(void) { return installed != NULL; }

const char *policy_path(void) { return installed ? installed->path : NULL; }

void policy_unload(void)
{
	policy_free(installed);
	installed = NULL;
}

/* ---- queries ---- */

static const struct pcomp *comp_named(const char *name)
{
	if (!name)
		return NULL;
	long i = comp_find(installed, name, strlen(name));
	return i < 0 ? NULL : &installed->comps[i];
}

const char *policy_compartment_for(const char *libname)
{
	if (!installed || !libname)
		return NULL;
	const char *slash = strrchr(libname, '/');
	const char *base = slash ? slash + 1 : libname;
	size_t n = strlen(base);
	if (!n)
		return NULL;
	for (size_t i = 0; i < installed->ncomps; i++)
		if (list_find(&installed->comps[i].libs, base, n) >= 0)
			return installed->comps[i].name;
	return NULL;
}

int policy_trusted(const char *caller_comp, const char *symbol)
{
	if (!installed || !symbol)
		return 0;
	size_t n = strlen(symbol);
	if (list_find(&installed->any.trust, symbol, n) >= 0)
		return 1;
	const struct pcomp *c = comp_named(caller_comp);
	return c && list_find(&c->trust, symbol, n) >= 0;
}

/* The last `callee` block for callee_comp that lists symbol, or NULL. */
static const struct prule *deciding_rule(const char *callee_comp, const char *symbol)
{
	if (!installed || !callee_comp || !symbol)
		return NULL;
	size_t n = strlen(symbol);
	for (size_t i = installed->nrules; i-- > 0;) {
		const struct prule *r = &installed->rules[i];
		if (strcmp(installed->comps[r->callee].name, callee_comp) == 0 &&
		    list_find(&r->syms, symbol, n) >= 0)
			return r;
	}
	return NULL;
}

int policy_may_call(const char *caller_comp, const char *callee_comp, const char *symbol)
{
	if (caller_comp && callee_comp && strcmp(caller_comp, callee_comp) == 0)
		return 1;
	const struct prule *r = deciding_rule(callee_comp, symbol);
	if (!r)
		return 1;
	if (!caller_comp)
		return 0;
	for (size_t k = 0; k < r->ncallers; k++)
		if (strcmp(installed->comps[r->callers[k]].name, caller_comp) == 0)
			return 1;
	return 0;
}

int policy_export_line(const char *callee_comp, const char *symbol)
{
	const struct prule *r = deciding_rule(callee_comp, symbol);
	return r ? r->line : 0;
}
