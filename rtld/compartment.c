/*
 * compartment.c: compartment records.
 *
 * Compartment 0 is [RTLD] (the loader), 1 is [TCB] (host glibc and libgcc_s); every other
 * object gets its own compartment, named by DT_SONAME, else the file's basename (the program
 * by its basename); an object loaded again after its dlclose gets back the compartment of
 * that name it left empty.
 *
 * Runtimes whose code must all run on one stack share a compartment unless a policy places
 * their libraries: the JDK's (HotSpot takes a lightweight lock's owner to be the thread whose
 * stack holds the lock record, and the JDK's native libraries call back into the JVM through
 * raw pointers of its JNI function table, so a JDK library in a compartment of its own runs
 * JVM code on a stack the JVM does not know: "current thread is not owner").  A library is
 * the JDK's when libjvm.so lies in its directory or in the server/ directory below it.
 * Ruby's (libruby, its C extensions and the program: every object that needs libruby) and
 * Boehm GC's (libgc and every object that needs it): a conservative collector finds the
 * objects C code holds only by scanning the stack it runs on, so frames on a stack of their
 * own hide them, and the collector frees objects still in use.
 *
 * Must stay true: every object in obj_list has a compartment before it is relocated, so
 * binding can consult the caller's and callee's compartments; a policy's placement wins.
 */
#include "rtld.h"
#include "policy.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct compartment **compartments;
size_t ncompartments;
static size_t capcomp;

static struct compartment *comp_new(const char *name, int trusted)
{
	/* Other threads read compartments[] and ncompartments without the loader's lock (the
	 * trampolines' hooks, the fault handler): a grown array is published before the count
	 * that reaches into it, and the old one is kept (at most half the final size in all). */
	if (ncompartments == capcomp) {
		size_t nc = capcomp ? capcomp * 2 : 16;
		struct compartment **n = rtld_alloc(nc * sizeof *n);
		if (!n)
			rtld_fatal("cannot allocate the compartment table");
		if (compartments)
			memcpy(n, compartments, ncompartments * sizeof *n);
		__atomic_store_n(&compartments, n, __ATOMIC_RELEASE);
		capcomp = nc;
	}
	struct compartment *c = rtld_alloc(sizeof *c);
	c->id = (int)ncompartments;
	c->name = rtld_strdup(name);
	c->trusted = trusted;
	compartments[ncompartments] = c;
	__atomic_store_n(&ncompartments, ncompartments + 1, __ATOMIC_RELEASE);
	return c;
}

void comp_init(void)
{
	if (ncompartments)
		return;
	comp_new("[RTLD]", 1);
	comp_new("[TCB]", 1);
}

static void comp_add_obj(struct compartment *c, struct obj *o)
{
	c->objs = rtld_realloc_array(c->objs, c->nobjs, c->nobjs + 1, sizeof *c->objs);
	c->objs[c->nobjs++] = o;
	o->comp = c;
}

void comp_assign(struct obj *o)
{
	comp_init();
	if (o->comp)
		return;
	if (o->flags & OBJ_RTLD) {
		comp_add_obj(compartments[0], o);
	} else if (o->flags & OBJ_HOST) {
		comp_add_obj(compartments[1], o);
	} else {
		/* a policy `compartment` block may group this library with others */
		const char *group = NULL;
		if (o->soname)
			group = policy_compartment_for(o->soname);
		if (!group)
			group = policy_compartment_for(o->path);
		for (size_t i = 0; !group && i < o->naliases; i++)
			group = policy_compartment_for(o->aliases[i]);
		if (!group)
			group = comp_runtime_group(o);
		struct compartment *c = NULL;
		if (group && !strcmp(group, "[TCB]"))
			c = compartments[1];
		/* A policy group's compartment; else, for a library opened again after dlclose
		 * (plugin hosts do it all day), the one it left empty: its id, its stacks on every
		 * thread, its statistics, rather than a new one each time. */
		const char *want = group ? group : o->name;
		for (size_t i = 2; !c && i < ncompartments; i++)
			if (!strcmp(compartments[i]->name, want) &&
			    (group || (!compartments[i]->nobjs && !compartments[i]->trusted)))
				c = compartments[i];
		if (!c)
			c = comp_new(want, 0);
		comp_add_obj(c, o);
	}
	DEBUG(DBG_COMPARTMENTS, "%s: compartment %d %s", o->path, o->comp->id, o->comp->name);
}

void comp_remove_obj(struct obj *o)
{
	struct compartment *c = o->comp;
	if (!c)
		return;
	for (size_t i = 0; i < c->nobjs; i++)
		if (c->objs[i] == o) {
			memmove(&c->objs[i], &c->objs[i + 1], (c->nobjs - i - 1) * sizeof *c->objs);
			c->nobjs--;
			break;
		}
	o->comp = NULL;
}

struct compartment *comp_for_object(struct obj *o) { return o ? o->comp : NULL; }
