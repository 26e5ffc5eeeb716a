/*
 * seccomp.c: system calls made by compartment code itself, with a `syscall' instruction
 * (or int $0x80) instead of through the trusted base, are trapped by a seccomp filter that
 * looks at the instruction pointer.
 *
 * The filter is installed once the loader has set everything up, just before the program
 * runs (PR_SET_NO_NEW_PRIVS first: the kernel requires it of an unprivileged filter).  Its
 * SECCOMP_RET_TRAP raises SIGSYS, which the loader keeps (fault.c): a trap of ours is a
 * violation of kind `syscall' naming the call; enforce then ends the process as any
 * violation does (fault_die), audit makes the call for the program from the handler (the
 * registers of the signal context, the result in %rax) and lets it run on.  Any other SIGSYS
 * (the program's own filter, kill(2), raise(3)) goes to the program's handler, as fault.c
 * does for faults.
 *
 * Which addresses trap.  A filter can never be removed, and it is inherited by every thread,
 * every fork and every program exec'd later, where the addresses of this process mean
 * nothing.  A filter that trapped everything outside the trusted base's code (an allow-list
 * of this process's ranges) would kill every native program the isolated one runs
 * (system(3), popen(3), a shell, cmake's or perl's children): their C library lies at other
 * addresses, in the same mmap area as ours.  The seccomp data holds nothing else a filter
 * could tell the two apart by (number, architecture, instruction pointer, arguments), and a
 * descendant cannot drop it.  So the loader puts compartment code where no native process
 * has code, and traps only there:
 *  - the code window [ARCH_CODE_WINDOW_LO, ARCH_CODE_WINDOW_HI) (8 to 16 TiB on x86-64):
 *    with isolation on, every object the loader maps (the program when it is
 *    position-independent, every library, dlopen's too: object.c through iso_window_map)
 *    and every mapping a compartment makes with mmap(2) without MAP_FIXED (mediate.c) is
 *    placed there, from a random start;
 *  - the executable segments of compartment objects that are not in the window (a program
 *    linked at a fixed address), exactly.
 * The trusted base (the host glibc, libgcc_s, ld-linux), the loader, its own libraries and
 * the vDSO are never there: their executable segments are checked against the trapped
 * ranges when the filter is built, and start-up fails if one overlaps.  A compartment cannot
 * make code executable outside the window either (mediate.c refuses PROT_EXEC there).  An
 * exec'd native program, or a child ld-c18n without isolation, has no code in the window: the
 * filter never traps for it.  A child ld-c18n with isolation puts its compartments in the
 * same window, where both its filter and ours trap them: the SIGSYS is its own handler's.
 *
 * A few calls that change no memory, mapping, descriptor or other process (futex,
 * sched_yield, getpid, gettid, clock_gettime, clock_nanosleep, nanosleep, getcpu: what
 * runtimes such as OpenMP's make themselves) are allowed from anywhere, for the native ABI
 * only.
 *
 * The program is: the allowed calls first; then load the instruction pointer's high half; trap if it lies in the window's
 * 4 GiB blocks; then for each extra range, split at 4 GiB boundaries, compare the high half
 * for equality and the low half against the piece's bounds; else allow.  Five instructions
 * for the common case.  SECCOMP_FILTER_FLAG_TSYNC puts every thread under it (threads made
 * later inherit it anyway); SPEC_ALLOW keeps the kernel from forcing the speculative store
 * bypass mitigation on, which would slow the program and does nothing between code that
 * shares an address space.
 *
 * Must stay true: no trusted-base, loader or vDSO code is ever in a trapped range, and every
 * compartment code page is (the limit is the trusted base itself: a compartment jumping to a
 * `syscall' instruction inside glibc is not caught, c18n(7)); the handler's own system calls
 * come from the loader's code; with LD_C18N_ISOLATE=off nothing here runs.
 */
#include "iso.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

void fault_die(void);

/* SECCOMP_RET_DATA of our traps: the handler tells them from the program's own by it. */
#define TRAP_MARK 0xc18
#define SI_SECCOMP 1 /* SIGSYS's si_code for a filter's trap (the kernel's SYS_SECCOMP) */

/* ---- the code window ---- */
static uintptr_t win_next; /* where the next claim starts looking */

static uintptr_t claim(size_t len, size_t align)
{
	uintptr_t cur = __atomic_load_n(&win_next, __ATOMIC_RELAXED), at;
	if (!cur) {
		/* a random start in the window's first half: the window's ASLR */
		uint64_t r = 0;
		if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
			r = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^ (uint64_t)rtld_now_ns();
		uintptr_t span = (ARCH_CODE_WINDOW_HI - ARCH_CODE_WINDOW_LO) / 2;
		uintptr_t start = ARCH_CODE_WINDOW_LO + ALIGN_DOWN(r % span, rtld_pagesize);
		if (!__atomic_compare_exchange_n(&win_next, &cur, start, 0, __ATOMIC_RELAXED,
						 __ATOMIC_RELAXED))
			start = cur;
		cur = start;
	}
	for (;;) {
		at = ALIGN_UP(cur, align);
		if (at + len > ARCH_CODE_WINDOW_HI || at + len < at)
			at = ALIGN_UP(ARCH_CODE_WINDOW_LO, align); /* round again: holes get reused */
		if (at + len > ARCH_CODE_WINDOW_HI)
			return 0;
		if (__atomic_compare_exchange_n(&win_next, &cur, at + len, 0, __ATOMIC_RELAXED,
						__ATOMIC_RELAXED))
			return at;
	}
}

void *iso_window_map(size_t len, int prot, int flags, int fd, off_t off)
{
	if (!iso_mode)
		return mmap(NULL, len, prot, flags, fd, off);
	size_t align = rtld_pagesize;
	if (flags & MAP_HUGETLB) {
		int shift = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
		align = shift ? (size_t)1 << shift : (size_t)2 << 20;
	} else if (len >= (size_t)2 << 20) {
		align = (size_t)2 << 20; /* as the kernel places large mappings (huge pages) */
	}
	size_t n = ALIGN_UP(len, align);
	for (int tries = 0; tries < 64; tries++) {
		uintptr_t at = claim(n, align);
		if (!at)
			break;
		void *m = mmap((void *)at, len, prot, flags | MAP_FIXED_NOREPLACE, fd, off);
		if (m == (void *)at)
			return m;
		if (m != MAP_FAILED) { /* (a kernel that took the address as a hint only) */
			munmap(m, len);
			errno = EEXIST;
		}
		if (errno != EEXIST)
			return MAP_FAILED;
	}
	errno = ENOMEM;
	return MAP_FAILED;
}

int iso_in_window(uintptr_t lo, uintptr_t hi)
{
	return lo >= ARCH_CODE_WINDOW_LO && hi <= ARCH_CODE_WINDOW_HI && lo <= hi;
}

/* ---- the trapped ranges ---- */
#define MAX_PIECES 32
struct piece {
	uint32_t hi;            /* the address's high half */
	uint32_t lo0;           /* low half from */
	uint64_t lo1;           /* to (exclusive; 1 << 32: to the end of the block) */
};
static struct piece pieces[MAX_PIECES];
static size_t npieces;
/* every trapped range, whole, for the check against the trusted code */
static struct {
	uintptr_t lo, hi;
} trapped[MAX_PIECES + 1];
static size_t ntrapped;

static int trap_range(uintptr_t lo, uintptr_t hi)
{
	if (ntrapped == ARRAY_SIZE(trapped))
		return rtld_error("isolation: too many executable ranges outside the code window");
	trapped[ntrapped].lo = lo;
	trapped[ntrapped++].hi = hi;
	while (lo < hi) {
		uint64_t block_end = (lo | 0xffffffffull) + 1;
		uint64_t end = hi < block_end ? hi : block_end;
		if (npieces == MAX_PIECES)
			return rtld_error("isolation: too many executable ranges outside the code "
					  "window");
		pieces[npieces++] = (struct piece){ (uint32_t)(lo >> 32), (uint32_t)lo,
						     end - (lo & ~0xffffffffull) };
		lo = end;
	}
	return 0;
}

/* Compartment objects' executable segments outside the window. */
static int trap_outside_code(void)
{
	for (struct obj *o = obj_list; o; o = o->next) {
		if (o->flags & OBJ_HOST)
			continue;
		for (size_t i = 0; i < o->phnum; i++) {
			const ElfW(Phdr) *ph = &o->phdr[i];
			if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
				continue;
			uintptr_t lo = ALIGN_DOWN(o->lm.l_addr + ph->p_vaddr, rtld_pagesize);
			uintptr_t hi = ALIGN_UP(o->lm.l_addr + ph->p_vaddr + ph->p_memsz,
						rtld_pagesize);
			if (!iso_in_window(lo, hi) && trap_range(lo, hi) < 0)
				return -1;
		}
		/* its entry pages: the loader's code, but in the object's reservation */
		if (o->stub_npages && !iso_in_window(o->stub_area, o->map_end) &&
		    trap_range(o->stub_area, o->map_end) < 0)
			return -1;
	}
	return 0;
}

/* The system loader's objects (the trusted base, ld-c18n and its libraries, the vDSO):
 * none of their code may trap. */
static int check_trusted(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	const char **bad = arg;
	for (size_t i = 0; i < info->dlpi_phnum && !*bad; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
		for (size_t k = 0; k < ntrapped; k++)
			if (lo < trapped[k].hi && hi > trapped[k].lo)
				*bad = *info->dlpi_name ? info->dlpi_name : "ld-c18n";
	}
	return *bad != NULL;
}

static int install(void)
{
	struct sock_filter f[8 + 16 + 6 * MAX_PIECES];
	size_t n = 0;
	const uint32_t ip_lo = offsetof(struct seccomp_data, instruction_pointer);
	const uint32_t ip_hi = ip_lo + 4;
	const uint32_t trap = SECCOMP_RET_TRAP | TRAP_MARK;
	/* calls that change no memory, mapping, descriptor or other process are let through
	 * wherever they come from (OpenMP's and other runtimes' own futex waits), on this ABI */
	static const uint32_t harmless[] = { SYS_futex, SYS_sched_yield, SYS_getpid, SYS_gettid,
					     SYS_clock_gettime, SYS_clock_nanosleep,
					     SYS_nanosleep, SYS_getcpu };
	const uint32_t k = ARRAY_SIZE(harmless);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_AUDIT, 0,
					      (uint8_t)(k + 2));
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	for (uint32_t i = 0; i < k; i++) /* (a match jumps to the allow after the last check) */
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, harmless[i],
						      (uint8_t)(k - i), 0);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA | BPF_K, 1, 0, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	_Static_assert(ARRAY_SIZE(harmless) < 32, "filter jump offsets");
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ip_hi);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
					      (uint32_t)(ARCH_CODE_WINDOW_LO >> 32), 0, 2);
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
					      (uint32_t)(ARCH_CODE_WINDOW_HI >> 32), 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, trap);
	for (size_t i = 0; i < npieces; i++) {
		const struct piece *p = &pieces[i];
		int whole = p->lo1 > 0xffffffffull; /* no upper bound in the block */
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ip_hi);
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, p->hi, 0,
						      whole ? 3 : 4);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ip_lo);
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, p->lo0, 0,
						      whole ? 1 : 2);
		if (!whole)
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
							      (uint32_t)p->lo1, 1, 0);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, trap);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { (unsigned short)n, f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return rtld_error("isolation: cannot set no_new_privs for the system-call filter: "
				  "%s", strerror(errno));
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			 SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog);
	if (r != 0)
		return rtld_error("isolation: cannot install the system-call filter: %s",
				  r > 0 ? "another thread has a filter of its own" : strerror(errno));
	DEBUG(DBG_ISOLATION, "system-call filter: %zu instructions, trapping 0x%lx-0x%lx and %zu "
	      "more range(s)", n, ARCH_CODE_WINDOW_LO, ARCH_CODE_WINDOW_HI, ntrapped - 1);
	return 0;
}

/* ---- SIGSYS ---- */
static void call_name(const siginfo_t *si, char *out, size_t n)
{
	const char *name = si->si_arch == AUDIT_ARCH_X86_64 ? arch_syscall_name(si->si_syscall)
							     : NULL;
	if (name)
		snprintf(out, n, "%s", name);
	else
		snprintf(out, n, "%s%d", si->si_arch == AUDIT_ARCH_X86_64 ? "system call "
							                   : "compat system call ",
			 si->si_syscall);
}

/* rt_sigreturn made by compartment code: the frame at its stack pointer is what the kernel
 * would restore; returning from this handler restores it instead. */
static void emulate_sigreturn(ucontext_t *uc)
{
	const ucontext_t *f = (const ucontext_t *)uc->uc_mcontext.gregs[REG_RSP];
	memcpy(uc->uc_mcontext.gregs, f->uc_mcontext.gregs, sizeof uc->uc_mcontext.gregs);
	uc->uc_mcontext.fpregs = f->uc_mcontext.fpregs;
	uc->uc_sigmask = f->uc_sigmask;
	uc->uc_stack = f->uc_stack;
}

/* rt_sigprocmask: the mask the program returns to is the context's, not this handler's. */
static long emulate_sigprocmask(ucontext_t *uc, int how, const void *set, void *old,
				size_t size)
{
	unsigned long cur, s, nw;
	if (size != sizeof cur)
		return -EINVAL;
	memcpy(&cur, &uc->uc_sigmask, sizeof cur);
	nw = cur;
	if (set) {
		memcpy(&s, set, sizeof s);
		if (how == SIG_BLOCK)
			nw |= s;
		else if (how == SIG_UNBLOCK)
			nw &= ~s;
		else if (how == SIG_SETMASK)
			nw = s;
		else
			return -EINVAL;
		nw &= ~((1ul << (SIGKILL - 1)) | (1ul << (SIGSTOP - 1)));
	}
	if (old)
		memcpy(old, &cur, sizeof cur);
	memcpy(&uc->uc_sigmask, &nw, sizeof nw);
	return 0;
}

/* Audit: a raw rt_sigaction goes through sigaction(2) as the objects we load make it, so
 * that the handler still runs in its compartment, behind isolation's dispatcher (a raw one
 * would run in whichever compartment the signal interrupts, with its signals undeferred).
 * The kernel's structure: handler, flags, restorer, mask; the C library's restorer serves. */
static long emulate_sigaction(long sig, const void *knew, void *kold, size_t setsize)
{
	struct ksa {
		void *handler;
		unsigned long flags;
		void *restorer;
		uint64_t mask;
	};
	if (setsize != sizeof(uint64_t))
		return -EINVAL;
	struct sigaction na, oa;
	memset(&na, 0, sizeof na);
	if (knew) {
		const struct ksa *k = knew;
		na.sa_handler = (void (*)(int))k->handler;
		na.sa_flags = (int)(k->flags & ~0x04000000ul); /* SA_RESTORER (kernel-only) */
		memcpy(&na.sa_mask, &k->mask, sizeof k->mask);
	}
	if (callbacks_sigaction((int)sig, knew ? &na : NULL, kold ? &oa : NULL) < 0)
		return -errno;
	if (kold) {
		struct ksa *k = kold;
		k->handler = (void *)oa.sa_handler;
		k->flags = (unsigned long)oa.sa_flags;
		k->restorer = (void *)oa.sa_restorer;
		memcpy(&k->mask, &oa.sa_mask, sizeof k->mask);
	}
	return 0;
}

/* Audit: make the system call the compartment made, as it made it, from here. */
static void emulate(const siginfo_t *si, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	long nr = si->si_syscall, r;
	if (si->si_arch != AUDIT_ARCH_X86_64) {
		const long a[6] = { g[REG_RBX], g[REG_RCX], g[REG_RDX],
				    g[REG_RSI], g[REG_RDI], g[REG_RBP] };
		g[REG_RAX] = arch_syscall_compat(nr, a);
		return;
	}
	long a[6] = { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9] };
	switch (nr) {
	case SYS_rt_sigreturn:
		emulate_sigreturn(uc);
		return;
	case SYS_rt_sigprocmask:
		g[REG_RAX] = emulate_sigprocmask(uc, (int)a[0], (const void *)a[1], (void *)a[2],
						 (size_t)a[3]);
		return;
	case SYS_rt_sigaction:
		g[REG_RAX] = emulate_sigaction(a[0], (const void *)a[1], (void *)a[2], (size_t)a[3]);
		return;
	case SYS_vfork: /* the child would return from this handler on the parent's stack */
		nr = SYS_fork;
		break;
	case SYS_clone:
		if (a[1]) { /* a new thread starts on its own stack: not from a handler */
			g[REG_RAX] = -ENOSYS;
			return;
		}
		if (a[0] & CLONE_VFORK)
			a[0] &= ~(long)(CLONE_VM | CLONE_VFORK);
		break;
	case SYS_clone3:
		g[REG_RAX] = -ENOSYS; /* (its stack is in the arguments: see clone) */
		return;
	}
	r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	g[REG_RAX] = r == -1 ? -errno : r;
}

static void sys_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	int saved_errno = errno;
	if (si->si_code != SI_SECCOMP || si->si_errno != TRAP_MARK) {
		fault_forward(sig, si, uc);
		errno = saved_errno;
		return;
	}
	struct c18n_thread *t = thread_self();
	uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP] - 2; /* syscall, int $0x80 */
	struct iso_owner w;
	char what[64];
	call_name(si, what, sizeof what);
	struct iso_violation v = {
		.comp = iso_owner_of(pc, &w) && w.kind == OWN_CODE ? w.comp : t->cur_comp,
		.kind = ISO_SYSCALL,
		.pc = pc,
		.detail = what,
	};
	report_count(&v);
	report_violation(&v, uc);
	iso_resync(t); /* (the report opened every stack to walk it) */
	if (iso_mode == ISO_ENFORCE)
		fault_die();
	emulate(si, uc);
	errno = saved_errno;
}

int seccomp_start(void)
{
	if (!iso_mode)
		return 0;
	if (fault_keep(SIGSYS, sys_handler) < 0)
		return -1;
	npieces = ntrapped = 0;
	trapped[ntrapped].lo = ARCH_CODE_WINDOW_LO;
	trapped[ntrapped++].hi = ARCH_CODE_WINDOW_HI;
	if (trap_outside_code() < 0)
		return -1;
	const char *bad = NULL;
	dl_iterate_phdr(check_trusted, &bad);
	if (bad)
		return rtld_error("isolation: %s: trusted code lies in a range the system-call "
				  "filter traps", bad);
	if (install() < 0)
		return -1;
	mediate_start();
	return 0;
}
