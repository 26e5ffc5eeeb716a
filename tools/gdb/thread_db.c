/*
 * thread_db.c: the libthread_db gdb loads for programs under ld-c18n, in front of the
 * system's: it answers where the thread-local variables of ld-c18n's objects are.
 *
 * gdb finds a thread-local variable through libthread_db: td_thr_tls_get_addr(thread,
 * link_map, offset).  glibc's library answers from glibc's DTV, which never holds ld-c18n's
 * objects: their blocks lie in the loader's static TLS area, at a fixed distance below each
 * thread's pointer (rtld/tls.c).  The debugger's node of such an object says so
 * (rtld/dbgnode.h); this library answers for those nodes and passes every other call to the
 * system's libthread_db unchanged.  The gdb extension (ld-c18n.py) puts its directory first
 * on gdb's libthread-db-search-path.
 *
 * Must stay true: for anything but a marked node, the system library's own answer.  The
 * proc-service functions (ps_pdread) are gdb's, as for the system library.
 */
#include <dlfcn.h>
#include <proc_service.h>
#include <stddef.h>
#include <stdint.h>
#include <thread_db.h>

#include "../../rtld/dbgnode.h"

#ifndef SYSTEM_THREAD_DB
#error "SYSTEM_THREAD_DB: the system's libthread_db.so.1, by absolute path (Makefile)"
#endif

static void *sys;

static void *real(const char *name)
{
	if (!sys)
		sys = dlopen(SYSTEM_THREAD_DB, RTLD_NOW | RTLD_LOCAL);
	return sys ? dlsym(sys, name) : NULL;
}

#define REAL(name) ((__typeof__(name) *)real(#name))

/* The process of each agent (gdb debugs several inferiors at once). */
static struct agent {
	td_thragent_t *ta;
	struct ps_prochandle *ps;
} agents[64];

td_err_e td_init(void)
{
	__typeof__(td_init) *f = REAL(td_init);
	return f ? f() : TD_ERR;
}

td_err_e td_ta_new(struct ps_prochandle *ps, td_thragent_t **ta)
{
	__typeof__(td_ta_new) *f = REAL(td_ta_new);
	if (!f)
		return TD_ERR;
	td_err_e e = f(ps, ta);
	if (e == TD_OK)
		for (size_t i = 0; i < sizeof agents / sizeof *agents; i++)
			if (!agents[i].ta) {
				agents[i] = (struct agent){ *ta, ps };
				break;
			}
	return e;
}

td_err_e td_ta_delete(td_thragent_t *ta)
{
	for (size_t i = 0; i < sizeof agents / sizeof *agents; i++)
		if (agents[i].ta == ta)
			agents[i] = (struct agent){ NULL, NULL };
	__typeof__(td_ta_delete) *f = REAL(td_ta_delete);
	return f ? f(ta) : TD_ERR;
}

td_err_e td_ta_map_lwp2thr(const td_thragent_t *ta, lwpid_t lwp, td_thrhandle_t *th)
{
	__typeof__(td_ta_map_lwp2thr) *f = REAL(td_ta_map_lwp2thr);
	return f ? f(ta, lwp, th) : TD_ERR;
}

td_err_e td_thr_get_info(const td_thrhandle_t *th, td_thrinfo_t *info)
{
	__typeof__(td_thr_get_info) *f = REAL(td_thr_get_info);
	return f ? f(th, info) : TD_ERR;
}

td_err_e td_ta_thr_iter(const td_thragent_t *ta, td_thr_iter_f *cb, void *data,
			td_thr_state_e state, int pri, sigset_t *mask, unsigned int flags)
{
	__typeof__(td_ta_thr_iter) *f = REAL(td_ta_thr_iter);
	return f ? f(ta, cb, data, state, pri, mask, flags) : TD_ERR;
}

td_err_e td_thr_tlsbase(const td_thrhandle_t *th, unsigned long modid, psaddr_t *base)
{
	__typeof__(td_thr_tlsbase) *f = REAL(td_thr_tlsbase);
	return f ? f(th, modid, base) : TD_ERR;
}

td_err_e td_thr_tls_get_addr(const td_thrhandle_t *th, psaddr_t map, size_t offset,
			     psaddr_t *addr)
{
	struct ps_prochandle *ps = NULL;
	for (size_t i = 0; i < sizeof agents / sizeof *agents; i++)
		if (agents[i].ta && agents[i].ta == th->th_ta_p)
			ps = agents[i].ps;
	uint64_t mark[2];
	if (ps && ps_pdread(ps, (psaddr_t)((uintptr_t)map + DBG_TLS_AT), mark, sizeof mark) ==
			  PS_OK &&
	    mark[0] == DBG_TLS_MAGIC) {
		/* th_unique is the thread's struct pthread, at its thread pointer (x86-64 and
		 * every TLS variant II target); 0 before the thread library knows the thread */
		if (!th->th_unique)
			return TD_TLSDEFER;
		*addr = (psaddr_t)((uintptr_t)th->th_unique - (uintptr_t)mark[1] + offset);
		return TD_OK;
	}
	__typeof__(td_thr_tls_get_addr) *f = REAL(td_thr_tls_get_addr);
	return f ? f(th, map, offset, addr) : TD_ERR;
}
