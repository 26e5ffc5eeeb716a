# ld-c18n.py: gdb commands for programs run under ld-c18n (issue 15, README "Debugging").
#
#   info compartments   every compartment: id, name, its objects, and the current thread's
#                       stack for it; '*' marks the one the thread runs in
#   info c18n-stack     the current thread's trusted stack, innermost first: caller and
#                       callee compartments, the entry's target symbol, the return address
#   step                steps over the loader's own code (trampolines, lazy binding) instead
#                       of stopping in it; into a cross-compartment call it stops in the
#                       callee's source, as into any call (gdbjit.c names the entry stubs)
#   print TLSVAR        thread-local variables of the program and its libraries (through
#                       ld-c18n's libthread_db, tools/gdb/thread_db.c)
#   finish              from a callee in another compartment, ends in its caller (the
#                       landing pad between them is finished too: hookpost-finish)
#   bt                  frames carry their compartment ("in [libfoo.so]"), and the frames of
#                       trampoline code between a callee and its caller are elided into the
#                       callee's (bt -no-filters shows them)
#
# Loaded with `source tools/gdb/ld-c18n.py', or automatically for build/ld-c18n when its
# directory is on gdb's auto-load safe path (ld-c18n carries a .debug_gdb_scripts entry
# naming this file as "ld-c18n-gdb.py"; `make install' puts a copy where gdb looks).
# Must stay true: reads only the loader's globals and the thread's c18n_tls block, by the
# names and types of ld-c18n's own debug information; never writes the inferior.
import gdb
from gdb.FrameDecorator import FrameDecorator


def _loader_present():
    try:
        gdb.parse_and_eval("ncompartments")
        return True
    except gdb.error:
        return False


def _compartments():
    n = int(gdb.parse_and_eval("ncompartments"))
    arr = gdb.parse_and_eval("compartments")
    out = []
    for i in range(n):
        c = arr[i]
        if int(c) == 0:
            continue
        c = c.dereference()
        objs = []
        for k in range(int(c["nobjs"])):
            o = c["objs"][k].dereference()
            objs.append(o["path"].string())
        out.append((int(c["id"]), c["name"].string(), int(c["trusted"]), objs))
    return out


def _comp_names():
    return {cid: name for cid, name, _, _ in _compartments()}


def _thread_state():
    return gdb.parse_and_eval("c18n_tls.ts")


def _object_ranges():
    """(start, end, compartment name) of every object the loader mapped."""
    out = []
    o = gdb.parse_and_eval("obj_list")
    while int(o) != 0:
        d = o.dereference()
        start, end = int(d["map_start"]), int(d["map_end"])
        comp = d["comp"]
        if end > start and int(comp) != 0:
            out.append((start, end, comp.dereference()["name"].string()))
        o = d["next"]
    return out


def _symbol(addr):
    s = gdb.execute("info symbol 0x%x" % addr, to_string=True).strip()
    if s.startswith("No symbol"):
        return "0x%x" % addr
    return s.split(" in section ")[0]


class InfoCompartments(gdb.Command):
    """Compartments of the program run under ld-c18n: id, name, objects, and the current
thread's stack for each ('*': the compartment the thread runs in)."""

    def __init__(self):
        super().__init__("info compartments", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        if not _loader_present():
            raise gdb.GdbError("not a program run under ld-c18n")
        ts = _thread_state()
        cur = int(ts["cur_comp"])
        stacks = {}
        s = ts["stack_mem"]
        while int(s) != 0:
            d = s.dereference()
            stacks[int(d["comp"])] = (int(d["lo"]), int(d["hi"]))
            s = d["next"]
        for cid, name, trusted, objs in _compartments():
            mark = "*" if cid == cur else " "
            line = "%s %3d %-24s" % (mark, cid, name)
            if cid in stacks:
                line += " stack 0x%x-0x%x" % stacks[cid]
            elif trusted:
                line += " (trusted)"
            gdb.write(line + "\n")
            for p in objs:
                gdb.write("        %s\n" % p)


class InfoC18nStack(gdb.Command):
    """The current thread's trusted stack under ld-c18n, innermost call first: caller and
callee compartments, the entry's target and the address the call returns to."""

    def __init__(self):
        super().__init__("info c18n-stack", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        if not _loader_present():
            raise gdb.GdbError("not a program run under ld-c18n")
        ts = _thread_state()
        ftype = gdb.lookup_type("struct tframe")
        base = int(ts["tstack_base"])
        top = int(ts["tstack"])
        n = (top - base) // ftype.sizeof if base else 0
        names = _comp_names()
        if n <= 0:
            gdb.write("no cross-compartment call in progress on this thread (in %s)\n" %
                      names.get(int(ts["cur_comp"]), "?"))
            return
        frames = gdb.Value(base).cast(ftype.pointer())
        for k in range(n - 1, -1, -1):
            f = frames[k]
            caller, callee = int(f["caller"]), int(f["callee"])
            desc = f["desc"]
            target = _symbol(int(desc.dereference()["target"])) if int(desc) else "?"
            ret = int(f["ret"])
            sal = gdb.find_pc_line(ret)
            where = ""
            if sal.symtab is not None:
                where = " at %s:%d" % (sal.symtab.filename, sal.line)
            gdb.write("#%-3d %s -> %s  %s  returns to %s%s\n" %
                      (n - 1 - k, names.get(caller, str(caller)),
                       names.get(callee, str(callee)), target, _symbol(ret), where))


class _CompartmentFrame(FrameDecorator):
    def __init__(self, fobj, comp, elided):
        super().__init__(fobj)
        self._comp = comp
        self._elided = elided

    def function(self):
        f = super().function()
        if self._comp and isinstance(f, str):
            return "%s [%s]" % (f, self._comp)
        return f

    def elided(self):
        return iter(self._elided) if self._elided else None


def _is_trampoline(frame):
    name = frame.name() or ""
    return name.startswith("c18n_tramp_")


class C18nFrameFilter:
    """Names each frame's compartment; elides trampoline frames into the callee's."""

    def __init__(self):
        self.name = "ld-c18n"
        self.priority = 100
        self.enabled = True
        gdb.frame_filters[self.name] = self

    def filter(self, frame_iter):
        if not _loader_present():
            return frame_iter
        try:
            ranges = _object_ranges()
        except gdb.error:
            ranges = []

        def comp_of(pc):
            for lo, hi, name in ranges:
                if lo <= pc < hi:
                    return name
            return None

        def gen():
            pending = None
            for d in frame_iter:
                fr = d.inferior_frame()
                if pending is not None and _is_trampoline(fr):
                    pending[1].append(d)
                    continue
                if pending is not None:
                    yield _CompartmentFrame(pending[0], pending[2], pending[1])
                pending = (d, [], comp_of(fr.pc()))
            if pending is not None:
                yield _CompartmentFrame(pending[0], pending[2], pending[1])

        return gen()


InfoCompartments()
InfoC18nStack()
C18nFrameFilter()


# `finish' from a callee in another compartment returns to its landing pad, trampoline code
# between the callee and its caller; this hook finishes that frame too, so that `finish'
# ends in the caller, as natively (after the callee's value, gdb prints the pad's location,
# then the caller's).  A hookpost-finish of the user's own replaces this one.
def _finish_through_pad():
    try:
        fr = gdb.selected_frame()
    except gdb.error:
        return
    if _is_trampoline(fr):
        gdb.execute("finish")


gdb.execute("define hookpost-finish\npython _finish_through_pad()\nend", to_string=True)


# Thread-local variables of ld-c18n's objects: gdb asks libthread_db, and glibc's does not
# know them; ld-c18n's own (tools/gdb/thread_db.c: build/gdb/, or lib/ld-c18n/ installed)
# answers for them and passes the rest to glibc's.  It goes first on the search path before
# gdb loads one (when the program's C library is loaded, or a core file opened).
def _use_thread_db(exe):
    import os
    d = os.path.dirname(os.path.realpath(exe))
    for cand in (os.path.join(d, "gdb"), os.path.join(d, "..", "lib", "ld-c18n")):
        cand = os.path.realpath(cand)
        if os.path.isfile(os.path.join(cand, "libthread_db.so.1")):
            path = gdb.parameter("libthread-db-search-path") or ""
            if cand not in path.split(":"):
                gdb.execute("add-auto-load-safe-path %s" % cand, to_string=True)
                gdb.execute("set libthread-db-search-path %s%s" %
                            (cand, ":" + path if path else ""), to_string=True)
            return


# `step' never stops in the loader's own code (assembly of the trampolines and lazy binding,
# and the C the return path calls under isolation): it steps over it, as over any function
# without source.  The loader's source tree is found from its debug information, so that a
# program's own directories of the same names are not skipped.
def _skip_loader(root):
    if root is None:
        gdb.execute("skip -gfile */arch/*/*.S", to_string=True)
        return
    for pat in ("arch/*/*.S", "arch/*/*.c", "rtld/*.c", "trampolines/*.c", "isolation/*.c"):
        gdb.execute("skip -gfile %s/%s" % (root, pat), to_string=True)


_set_up = False


def _setup(event=None):
    """Once ld-c18n's symbols are loaded (now, or at a later new_objfile event)."""
    import os
    global _set_up
    if _set_up:
        return
    try:
        sym = gdb.lookup_global_symbol("c18n_lazy_bind")
    except gdb.error:
        sym = None
    if sym is None or sym.symtab is None:
        return
    _set_up = True
    _use_thread_db(sym.symtab.objfile.filename)
    full = sym.symtab.fullname()  # ROOT/rtld/reloc.c
    _skip_loader(os.path.dirname(os.path.dirname(full)) if full else None)


_setup()
if not _set_up:
    gdb.events.new_objfile.connect(_setup)
