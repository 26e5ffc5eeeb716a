/*
 * load.c: loading libraries and dependency graphs.
 *
 * Must stay true:
 *  - A library is loaded once: it is found by DT_SONAME, by the path it was opened with, or
 *    by device and inode.  Trusted-base names resolve to the host's copy.
 *  - Load order is breadth first, as the system loader's, and it defines the global scope.
 *  - At start-up every missing library is reported before failing; afterwards the first
 *    failure is recorded and the caller unloads what it loaded (all-or-nothing).
 *  - dlopen never loads a DF_1_NOOPEN object, itself or as a dependency; at start-up one
 *    loads, and a later dlopen of it finds it loaded.
 */
#include "rtld.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern int rtld_startup, rtld_startup_errors;

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static void setup_new(struct obj *o, struct obj *requester)
{
	o->name = rtld_strdup(o->soname ? o->soname : base_name(o->path));
	o->loader = requester;
	obj_link(o);
	comp_assign(o);
	DEBUG(DBG_FILES, "file=%s; generating link map\n  dynamic: 0x%lx  base: 0x%lx   size: "
			 "0x%lx\n    entry: 0x%lx  phdr: 0x%lx  phnum: %zu",
	      o->path, (unsigned long)o->dynamic, (unsigned long)o->lm.l_addr,
	      (unsigned long)(o->map_end - o->map_start), (unsigned long)o->entry,
	      (unsigned long)o->phdr, o->phnum);
}

struct obj *load_library(const char *name, struct obj *requester, int *is_new)
{
	*is_new = 0;
	if (host_is_tcb_name(name)) {
		for (struct obj *o = obj_list; o; o = o->next)
			if ((o->flags & OBJ_HOST) && o->soname && !strcmp(o->soname, base_name(name)))
				return o;
		struct obj *o = host_open(name);
		if (!o)
			return NULL;
		if (!o->comp) { /* first use: put it in our object list */
			obj_link(o);
			comp_assign(o);
			*is_new = 1;
		}
		return o;
	}
	struct obj *o = obj_find_by_name(name);
	if (o)
		return o;
	char *path;
	struct file_facts facts;
	int fd = search_library(&rtld_search, name, requester, &path, &facts);
	if (fd < 0)
		return NULL;
	if (!facts.have_st)
		facts.have_st = fstat(fd, &facts.st) == 0;
	if (facts.have_st) {
		for (o = obj_list; o; o = o->next)
			if (!(o->flags & OBJ_HOST) && o->dev == facts.st.st_dev &&
			    o->ino == facts.st.st_ino) {
				close(fd);
				rtld_free(path);
				obj_add_alias(o, name);
				return o;
			}
	}
	o = obj_map(path, fd, 0, &facts);
	close(fd);
	rtld_free(path);
	if (!o)
		return NULL;
	if (obj_parse_dynamic(o) < 0) {
		obj_unmap(o);
		return NULL;
	}
	obj_add_alias(o, name);
	setup_new(o, requester);
	*is_new = 1;
	return o;
}

int load_refuse_noopen(const struct obj *o)
{
	if (o->flags & OBJ_NOOPEN)
		return rtld_error("%s: shared object cannot be dlopen()ed", o->path);
	return 0;
}

/* Breadth-first load of everything reachable from the objects already in the list from
 * `first` on.  Returns 0, or -1 (at start-up after reporting every missing library). */
int load_all_deps(struct obj *first, int is_startup)
{
	int failed = 0;
	for (struct obj *o = first; o; o = o->next) {
		if (o->flags & OBJ_HOST)
			continue;
		for (size_t i = 0; i < o->nneeded; i++) {
			if (o->needed[i].obj)
				continue;
			int is_new;
			struct obj *d = load_library(o->needed[i].name, o, &is_new);
			if (!d && o->needed[i].kind == NEED_AUXILIARY) {
				DEBUG(DBG_LIBS, "%s: auxiliary filtee %s not loaded: %s", o->path,
				      o->needed[i].name, rtld_last_error());
				continue; /* (optional: the filter's own definitions serve) */
			}
			if (!d) {
				if (!is_startup)
					return -1;
				rtld_dprintf(2, "%s: error while loading shared libraries: %s\n",
					     rtld_progname, rtld_last_error());
				failed = 1;
				continue;
			}
			o->needed[i].obj = d;
			if (!is_startup && is_new && load_refuse_noopen(d) < 0)
				return -1;
		}
	}
	return failed ? -1 : 0;
}
