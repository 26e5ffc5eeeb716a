/*
 * report.c: what a capability violation looks like to a user, and the audit summary.
 *
 * One block per violation, on standard error (and LD_C18N_DEBUG_OUTPUT when set):
 *   ld-c18n: capability violation: COMP KIND of N bytes at 0xADDR, owned by OWNER (WHERE)
 *     pc 0xPC in FUNCTION at FILE:LINE (OBJECT+0xOFF)
 *     capability: what COMP holds for that object, if anything
 *     backtrace:
 *       #0 0xPC FUNCTION at FILE:LINE (OBJECT) [COMPARTMENT]
 * WHERE is "OBJECT SECTION+0xOFF, SYMBOL+0xOFF" for an object's memory, and "stack of the
 * main thread, 0xN below its top" or "stack of a thread, ..." for a stack.  The source line comes from the object's
 * DWARF (libdw) when it has any; the backtrace from the trusted base's unwinder (libgcc_s,
 * which already finds our objects through _dl_find_object and walks through the landing pads'
 * CFI from a callee's stack to its caller's), started in the handler and shown from the
 * faulting frame on.  Tests assert on this wording: keep it stable.
 *
 * Must stay true: a report may allocate (libdw does) but never takes the loader lock.
 */
#include "iso.h"
#include "dwarfsig.h"

#include <elfutils/libdw.h>
#include <fcntl.h>
#include <libelf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>
#include <unwind.h>

int cap_nearest(long comp, struct obj *o, uintptr_t a, struct cap_why *why);
void trace_event_json(const char *line, size_t n);

/* ---- the size of an access, from the instruction ---- */
size_t report_access_size(const unsigned char *pc)
{
	unsigned char b[16];
	if (iso_read((uintptr_t)pc, b, sizeof b) < 0)
		return 0;
	const unsigned char *p = b;
	int opsize = 0, rexw = 0, rep = 0;
	for (;; p++) { /* legacy prefixes */
		if (*p == 0x66)
			opsize = 1;
		else if (*p == 0xf3 || *p == 0xf2)
			rep = *p;
		else if (*p != 0x67 && *p != 0xf0 && *p != 0x2e && *p != 0x36 && *p != 0x3e &&
			 *p != 0x26 && *p != 0x64 && *p != 0x65)
			break;
		if (p - b > 8)
			return 0;
	}
	if ((*p & 0xf0) == 0x40) { /* REX */
		rexw = (*p & 8) != 0;
		p++;
	}
	size_t osz = rexw ? 8 : opsize ? 2 : 4;
	if (*p == 0xc5 || *p == 0xc4 || *p == 0x62) { /* VEX, EVEX: a vector's length */
		int l;
		unsigned char op;
		if (*p == 0xc5) {
			l = (p[1] >> 2) & 1;
			op = p[2];
		} else if (*p == 0xc4) {
			l = (p[2] >> 2) & 1;
			op = p[3];
		} else {
			l = (p[3] >> 5) & 3;
			op = p[4];
		}
		if (op == 0x7e || op == 0xd6 || op == 0x12 || op == 0x13 || op == 0x16 || op == 0x17)
			return 8;
		return (size_t)16 << l;
	}
	unsigned char op = *p;
	if (op == 0x0f) {
		unsigned char o2 = p[1];
		switch (o2) {
		case 0xb6: case 0xbe: case 0x18: return 1;
		case 0xb7: case 0xbf: return 2;
		case 0x10: case 0x11: return rep == 0xf3 ? 4 : rep == 0xf2 ? 8 : 16;
		case 0x28: case 0x29: case 0x2b: case 0xe7: return 16;
		case 0x6f: case 0x7f: return opsize || rep == 0xf3 ? 16 : 8;
		case 0x6e: case 0x7e: return rexw ? 8 : 4;
		case 0xd6: case 0x12: case 0x13: case 0x16: case 0x17: return 8;
		case 0xc3: case 0xb1: case 0xc1: return osz;
		case 0xb0: case 0xc0: return 1;
		case 0xc7: return rexw ? 16 : 8;
		case 0x38: case 0x3a: return 16;
		default:
			if (o2 >= 0x40 && o2 <= 0x4f) /* cmovcc */
				return osz;
			if (o2 >= 0x90 && o2 <= 0x9f) /* setcc */
				return 1;
			return 0;
		}
	}
	if (op < 0x40 && (op & 7) < 4) /* add, or, adc, sbb, and, sub, xor, cmp */
		return op & 1 ? osz : 1;
	switch (op) {
	case 0x88: case 0x8a: case 0xc6: case 0x80: case 0x84: case 0x86: case 0xf6: case 0xfe:
	case 0xa4: case 0xaa: case 0xac: case 0xa6: case 0xae: case 0xd0: case 0xd2: case 0xc0:
		return 1;
	case 0x89: case 0x8b: case 0xc7: case 0x81: case 0x83: case 0x85: case 0x87: case 0xf7:
	case 0xa5: case 0xab: case 0xad: case 0xa7: case 0xaf: case 0xd1: case 0xd3: case 0xc1:
	case 0x63: case 0x69: case 0x6b:
		return op == 0x63 ? 4 : osz;
	case 0x8f: case 0xff:
		if (op == 0xff) {
			int reg = (p[1] >> 3) & 7;
			if (reg <= 1)
				return osz;
		}
		return 8;
	case 0xe8: case 0xc3: case 0x50: case 0x58:
		return 8;
	default:
		if (op >= 0x50 && op <= 0x5f) /* push, pop */
			return 8;
		return 0;
	}
}

/* ---- output ---- */
struct rbuf {
	char b[8192];
	size_t n;
};

static void rput(struct rbuf *r, const char *fmt, ...) PRINTF(2, 3);
static void rput(struct rbuf *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->b + r->n, sizeof r->b - r->n, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->n += (size_t)n < sizeof r->b - r->n ? (size_t)n : sizeof r->b - r->n - 1;
}

/* Standard error as the program started with it, on a descriptor of the loader's own: many
 * programs close theirs before they exit (ls, sort, tar, xz), and the audit summary comes
 * after; one that reopened descriptor 2 as a file of its own must not get reports in it. */
static int err_fd = 2;

void report_init(void)
{
	int fd = fcntl(2, F_DUPFD_CLOEXEC, RTLD_FD_FLOOR);
	if (fd >= 0) {
		err_fd = fd;
		mediate_protect_fd(fd);
	}
}

static void rwrite(const struct rbuf *r)
{
	int fds[2] = { err_fd, rtld_opts.debug_fd };
	for (int i = 0; i < 2; i++) {
		if (i == 1 && (fds[1] == 2 || fds[1] < 0))
			break;
		const char *p = r->b;
		size_t n = r->n;
		while (n) {
			ssize_t w = write(fds[i], p, n);
			if (w <= 0)
				break;
			p += w;
			n -= (size_t)w;
		}
	}
}

static const char *comp_name(long c)
{
	return c >= 0 && (size_t)c < ncompartments ? compartments[c]->name : "?";
}

/* FILE:LINE of pc in o from its DWARF, or 0. */
static int source_line(struct obj *o, uintptr_t pc, char *out, size_t n)
{
	int ok = 0;
	int fd = open(o->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	Dwarf *dbg = NULL;
	int dfd = -1;
	Elf *delf = NULL;
	char path[4096];
	if (elf) {
		enum dwarfsig_debug_source src = dwarfsig_find_debug(elf, o->path, NULL, 0, path,
								    sizeof path);
		if (src == DWARFSIG_DEBUG_EMBEDDED) {
			dbg = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
		} else if (src != DWARFSIG_DEBUG_NONE && (dfd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
			delf = elf_begin(dfd, ELF_C_READ_MMAP, NULL);
			if (delf)
				dbg = dwarf_begin_elf(delf, DWARF_C_READ, NULL);
		}
	}
	if (dbg) {
		Dwarf_Addr rel = (Dwarf_Addr)(pc - o->lm.l_addr);
		Dwarf_Die cu;
		if (dwarf_addrdie(dbg, rel, &cu)) {
			Dwarf_Line *line = dwarf_getsrc_die(&cu, rel);
			int lineno = 0;
			const char *file = line ? dwarf_linesrc(line, NULL, NULL) : NULL;
			if (file && dwarf_lineno(line, &lineno) == 0) {
				const char *base = strrchr(file, '/');
				snprintf(out, n, "%s:%d", base ? base + 1 : file, lineno);
				ok = 1;
			}
		}
		dwarf_end(dbg);
	}
	if (delf)
		elf_end(delf);
	if (dfd >= 0)
		close(dfd);
	if (elf)
		elf_end(elf);
	close(fd);
	return ok;
}

/* The mapping holding a, as /proc/self/maps names it ("" if none). */
static void mapping_name(uintptr_t a, char *out, size_t n)
{
	char line[600];
	int pos = 0;
	out[0] = 0;
	if (iso_maps_line(a, line, sizeof line) &&
	    sscanf(line, "%*x-%*x %*s %*s %*s %*s %n", &pos) >= 0 && pos > 0)
		snprintf(out, n, "%s", line[pos] ? line + pos : "anonymous");
}

/* " FUNCTION at FILE:LINE" or " FUNCTION" or " ??" for pc (a return address when ret). */
static void describe_pc(struct rbuf *r, uintptr_t pc, int ret, struct obj **po)
{
	uintptr_t q = ret ? pc - 1 : pc;
	struct obj *o = obj_find_by_addr((void *)q);
	if (!o && !iso_pc_is_loader(q))
		o = host_find_by_addr(q);
	*po = o;
	if (!o) {
		char m[256];
		if (iso_pc_is_loader(q)) {
			rput(r, " (ld-c18n)");
		} else if (tramp_is_entry(q)) {
			rput(r, " the entry for %s", tramp_desc_sym_at(q));
		} else {
			mapping_name(q, m, sizeof m);
			rput(r, " ?? [%s]", *m ? m : "unmapped");
		}
		return;
	}
	uintptr_t off = 0;
	const char *fn = bounds_function_at(o, q, &off);
	rput(r, " %s", fn ? fn : "??");
	char line[512];
	if (!(o->flags & OBJ_HOST) && source_line(o, q, line, sizeof line))
		rput(r, " at %s", line);
}

struct bt {
	uintptr_t ip[64];
	int n;
};

static _Unwind_Reason_Code bt_step(struct _Unwind_Context *ctx, void *arg)
{
	struct bt *b = arg;
	if (b->n >= (int)ARRAY_SIZE(b->ip))
		return _URC_END_OF_STACK;
	int before = 0;
	uintptr_t ip = (uintptr_t)_Unwind_GetIPInfo(ctx, &before);
	if (!ip)
		return _URC_END_OF_STACK;
	b->ip[b->n++] = ip;
	return _URC_NO_REASON;
}

/* "  backtrace:" and its frames, from the one at `from' (the first found, else the
 * innermost) on, landing pads left out; the first frame's pc is past its instruction when
 * `first_is_return'. */
static void put_backtrace(struct rbuf *r, uintptr_t from, int first_is_return)
{
	struct bt *b = rtld_alloc(sizeof *b);
	if (!b)
		return;
	_Unwind_Backtrace(bt_step, b);
	int k = 0;
	while (k < b->n && b->ip[k] != from)
		k++;
	if (k == b->n)
		k = 0;
	rput(r, "  backtrace:\n");
	for (int i = k, nr = 0; i < b->n && nr < 32; i++) {
		uintptr_t ip = b->ip[i];
		struct obj *fo = NULL;
		struct rbuf line;
		line.n = 0;
		describe_pc(&line, ip, i > k || first_is_return, &fo);
		if (!fo && iso_pc_is_loader(ip))
			continue; /* a landing pad: the caller follows */
		rput(r, "    #%d 0x%lx%.*s", nr++, (unsigned long)ip, (int)line.n, line.b);
		if (fo)
			rput(r, " (%s) [%s]", fo->path,
			     fo->comp ? fo->comp->name : (fo->flags & OBJ_HOST) ? "[TCB]" : "?");
		rput(r, "\n");
	}
	rtld_free(b);
}

void report_violation(const struct iso_violation *v, void *ucv)
{
	ucontext_t *uc = ucv;
	struct rbuf *r = rtld_alloc(sizeof *r);
	if (!r)
		return;
	const struct iso_owner *w = &v->owner;
	rput(r, "%s: capability violation: %s %s", RTLD_NAME, comp_name(v->comp),
	     iso_kind_name(v->kind));
	if (v->kind == ISO_SYSCALL) {
		rput(r, ": %s", v->detail ? v->detail : "?");
		if (w->kind != OWN_NONE)
			rput(r, ", memory owned by %s", comp_name(w->comp));
	} else {
		rput(r, " of %zu bytes at 0x%lx, owned by %s", v->size ? v->size : 1,
		     (unsigned long)v->addr, comp_name(w->comp));
		if (w->kind == OWN_LOADER) {
			rput(r, " (%s's %s, thread %ld)", RTLD_NAME, v->detail ? v->detail : "state",
			     (long)gettid());
		} else if (w->kind == OWN_STACK && w->stack) {
			rput(r, " (stack of %s thread, 0x%lx below its top)",
			     w->stack->main_stack ? "the main" : "a",
			     (unsigned long)(w->hi - v->addr));
		} else if (w->obj) {
			uintptr_t soff, lo, hi;
			const char *sec = bounds_section_at(w->obj, v->addr, &soff);
			const char *name;
			rput(r, " (%s %s+0x%lx", w->obj->path, *sec ? sec : "?", (unsigned long)soff);
			if (bounds_of(w->obj, v->addr, &lo, &hi, &name) && name)
				rput(r, ", %s+0x%lx", name, (unsigned long)(v->addr - lo));
			rput(r, ")");
		}
	}
	rput(r, "\n");
	/* where */
	struct obj *o = NULL;
	rput(r, "  pc 0x%lx in", (unsigned long)v->pc);
	describe_pc(r, v->pc, !uc, &o);
	if (o)
		rput(r, " (%s+0x%lx)", o->path, (unsigned long)(v->pc - o->map_start));
	rput(r, "\n");
	/* the capability checked */
	if (w->kind == OWN_LOADER) {
		rput(r, "  capability: no compartment may write it (found changed at %s's next "
			"transition or capability check)\n", comp_name(v->comp));
	} else if (v->kind == ISO_READ || v->kind == ISO_WRITE) {
		struct cap_why why;
		if (w->obj && cap_nearest(v->comp, w->obj, v->addr, &why)) {
			rput(r, "  capability: %s holds 0x%lx-0x%lx (%s)", comp_name(v->comp),
			     (unsigned long)why.lo, (unsigned long)why.hi, why.origin);
			if (v->addr >= why.hi)
				rput(r, "; the access is %lu bytes past its end",
				     (unsigned long)(v->addr - why.hi));
			else if (v->addr < why.lo)
				rput(r, "; the access is %lu bytes before its start",
				     (unsigned long)(why.lo - v->addr));
			rput(r, "\n");
		} else {
			rput(r, "  capability: %s holds none for this %s\n", comp_name(v->comp),
			     w->kind == OWN_STACK ? "stack" : "object");
		}
	} else if (v->kind == ISO_EXECUTE && v->detail) {
		rput(r, "  capability: %s %s\n", comp_name(v->comp), v->detail);
	} else if (v->kind == ISO_EXECUTE) {
		rput(r, "  capability: %s may enter %s only at a function's first instruction\n",
		     comp_name(v->comp), comp_name(w->comp));
	}
	/* the backtrace, from the faulting frame (or the caller of the mediated call) on,
	 * across compartments */
	iso_open_all();
	put_backtrace(r, uc ? (uintptr_t)uc->uc_mcontext.gregs[REG_RIP] : v->pc,
		      !uc || v->kind == ISO_SYSCALL);
	rwrite(r);
	report_trace_json(v);
	rtld_free(r);
}

/* ---- crashes (LD_C18N_DEBUG=crash, rtld/debugger.c) ----
 *   ld-c18n: crash: SIGNAL (CODE) at 0xADDR in COMPARTMENT
 *     pc 0xPC in FUNCTION at FILE:LINE (OBJECT+0xOFF)
 *     backtrace: (as a violation's) */
void report_crash(int sig, const siginfo_t *si, void *ucv, long comp)
{
	static const struct {
		int sig, code;
		const char *name;
	} codes[] = {
		{ SIGSEGV, SEGV_MAPERR, "SEGV_MAPERR: address not mapped" },
		{ SIGSEGV, SEGV_ACCERR, "SEGV_ACCERR: access not permitted" },
		{ SIGBUS, BUS_ADRALN, "BUS_ADRALN: misaligned address" },
		{ SIGBUS, BUS_ADRERR, "BUS_ADRERR: no such physical address (past the end of a "
				      "mapped file?)" },
		{ SIGBUS, BUS_OBJERR, "BUS_OBJERR: hardware error" },
		{ SIGFPE, FPE_INTDIV, "FPE_INTDIV: integer division by zero" },
		{ SIGFPE, FPE_INTOVF, "FPE_INTOVF: integer overflow" },
		{ SIGILL, ILL_ILLOPC, "ILL_ILLOPC: illegal opcode" },
		{ SIGILL, ILL_ILLOPN, "ILL_ILLOPN: illegal operand" },
		{ SIGILL, ILL_PRVOPC, "ILL_PRVOPC: privileged opcode" },
	};
	ucontext_t *uc = ucv;
	struct rbuf *r = rtld_alloc(sizeof *r);
	if (!r)
		return;
	const char *abbrev = sigabbrev_np(sig);
	rput(r, "%s: crash: SIG%s", RTLD_NAME, abbrev ? abbrev : "?");
	const char *code = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
		if (codes[i].sig == sig && codes[i].code == si->si_code)
			code = codes[i].name;
	if (code)
		rput(r, " (%s)", code);
	else if (si->si_code <= 0)
		rput(r, " (sent by process %ld)", (long)si->si_pid);
	if (si->si_code > 0)
		rput(r, " at 0x%lx", (unsigned long)si->si_addr);
	if (comp >= 0 && (size_t)comp < ncompartments)
		rput(r, " in %s", comp_name(comp));
	rput(r, "\n");
	uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	struct obj *o = NULL;
	rput(r, "  pc 0x%lx in", (unsigned long)pc);
	describe_pc(r, pc, 0, &o);
	if (o)
		rput(r, " (%s+0x%lx)", o->path, (unsigned long)(pc - o->map_start));
	rput(r, "\n");
	put_backtrace(r, pc, 0);
	rwrite(r);
	rtld_free(r);
}

/* ---- counting: the audit summary and the statistics ---- */
struct vcount {
	long comp, owner;
	int kind;
	char sym[128];
	uintptr_t addr;
	unsigned long count;
};
static struct vcount *counts;
static size_t ncounts, capcounts;
static unsigned long total;

static void violation_symbol(const struct iso_violation *v, char *out, size_t n)
{
	const struct iso_owner *w = &v->owner;
	uintptr_t lo, hi, off;
	const char *name = NULL;
	if (v->kind == ISO_SYSCALL || w->kind == OWN_LOADER)
		snprintf(out, n, "%s", v->detail ? v->detail : "?");
	else if (w->kind == OWN_STACK)
		snprintf(out, n, "[stack]");
	else if (w->kind == OWN_CODE && w->obj && v->kind == ISO_EXECUTE &&
		 (name = bounds_function_at(w->obj, v->addr, &off)))
		snprintf(out, n, "%s+0x%lx", name, (unsigned long)off);
	else if (w->obj && bounds_of(w->obj, v->addr, &lo, &hi, &name) && name)
		snprintf(out, n, "%s", name);
	else
		snprintf(out, n, "?");
}

void report_count(const struct iso_violation *v)
{
	char sym[128];
	violation_symbol(v, sym, sizeof sym);
	iso_lock();
	total++;
	size_t i;
	for (i = 0; i < ncounts; i++)
		if (counts[i].comp == v->comp && counts[i].owner == v->owner.comp &&
		    counts[i].kind == v->kind && !strcmp(counts[i].sym, sym))
			break;
	if (i == ncounts) {
		if (ncounts == capcounts) {
			size_t nc = capcounts ? capcounts * 2 : 16;
			counts = rtld_realloc_array(counts, capcounts, nc, sizeof *counts);
			capcounts = nc;
		}
		counts[i].comp = v->comp;
		counts[i].owner = v->owner.comp;
		counts[i].kind = v->kind;
		snprintf(counts[i].sym, sizeof counts[i].sym, "%s", sym);
		counts[i].addr = v->addr;
		counts[i].count = 0;
		ncounts++;
	}
	counts[i].count++;
	iso_unlock();
}

void report_summary(int fd)
{
	if (iso_mode != ISO_AUDIT)
		return;
	struct rbuf *r = rtld_alloc(sizeof *r);
	if (!r)
		return;
	rput(r, "%s: isolation audit: %lu violation%s", RTLD_NAME, total, total == 1 ? "" : "s");
	if (ncounts)
		rput(r, " at %zu place%s:\n", ncounts, ncounts == 1 ? "" : "s");
	else
		rput(r, "\n");
	for (size_t i = 0; i < ncounts; i++) {
		rput(r, "  %lu %s %s ", counts[i].count, comp_name(counts[i].comp),
		     iso_kind_name(counts[i].kind));
		if (counts[i].owner > 1) /* (a refused call may concern no compartment's memory) */
			rput(r, "of %s ", comp_name(counts[i].owner));
		rput(r, "%s\n", counts[i].sym);
	}
	(void)fd;
	rwrite(r);
	rtld_free(r);
}

void report_stats_json(void (*put)(void *, const char *), void *arg)
{
	char line[1024], a[256], b[256], s[256];
	put(arg, "\"violations\":[");
	for (size_t i = 0; i < ncounts; i++) {
		trace_json_str(a, sizeof a, comp_name(counts[i].comp));
		trace_json_str(b, sizeof b, comp_name(counts[i].owner));
		trace_json_str(s, sizeof s, counts[i].sym);
		snprintf(line, sizeof line,
			 "%s{\"compartment\":\"%s\",\"owner\":\"%s\",\"kind\":\"%s\","
			 "\"address\":\"0x%lx\",\"symbol\":\"%s\",\"count\":%lu}",
			 i ? "," : "", a, b, iso_kind_name(counts[i].kind),
			 (unsigned long)counts[i].addr, s, counts[i].count);
		put(arg, line);
	}
	snprintf(line, sizeof line, "],\"isolation\":{\"mprotect\":%lu,\"faults\":%lu}",
		 iso_nprotect, iso_nfaults);
	put(arg, line);
}

void report_trace_json(const struct iso_violation *v)
{
	char sym[128], a[256], b[256], s[256], line[1024];
	violation_symbol(v, sym, sizeof sym);
	trace_json_str(a, sizeof a, comp_name(v->comp));
	trace_json_str(b, sizeof b, comp_name(v->owner.comp));
	trace_json_str(s, sizeof s, sym);
	int n = snprintf(line, sizeof line,
			 "{\"event\":\"violation\",\"tid\":%ld,\"compartment\":\"%s\",\"owner\":\"%s\","
			 "\"kind\":\"%s\",\"address\":\"0x%lx\",\"size\":%zu,\"symbol\":\"%s\","
			 "\"pc\":\"0x%lx\"}\n",
			 (long)syscall(SYS_gettid), a, b, iso_kind_name(v->kind),
			 (unsigned long)v->addr, v->size, s, (unsigned long)v->pc);
	if (n > 0 && (size_t)n < sizeof line)
		trace_event_json(line, (size_t)n);
}
