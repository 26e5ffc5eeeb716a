#!/usr/bin/python3
# tests/trace/check.py: the assertions of tests/trace/run.sh on ld-c18n's traces and
# statistics files and on tools/c18n-trace's outputs.  One subcommand is one test: exit status
# 0 when it holds, else 1 with the reasons on stdout.  Standard library only.
import json
import re
import sys
import xml.etree.ElementTree as ET

TEXT_RE = re.compile(r"^c18n-trace: tid=(\d+) (call|return) (.+?) -> (.+?) (\S+) depth=(\d+)$")
JSON_KEYS = ["event", "tid", "caller", "callee", "symbol", "depth", "ts"]
PROGRAM_SYMBOLS = {"a_fn", "b_fn", "plug_fn", "thr_main", "a_thr", "a_cmp"}
problems = []


def bad(msg):
    problems.append(msg)


def done():
    for p in problems[:80]:
        print("  " + p)
    if len(problems) > 80:
        print("  ... %d more" % (len(problems) - 80))
    sys.exit(1 if problems else 0)


def lines_of(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def tids_from_stdout(path):
    """The program prints "main tid N" and "thread tid N": N -> T1 / T2."""
    m = {}
    for l in lines_of(path):
        w = l.split()
        if len(w) == 3 and w[1] == "tid":
            m[w[2]] = "T1" if w[0] == "main" else "T2"
    return m


def parse_text(line):
    m = TEXT_RE.match(line)
    if not m:
        return None
    tid, ev, a, b, s, d = m.groups()
    return {"event": ev, "tid": int(tid), "caller": a, "callee": b, "symbol": s, "depth": int(d)}


def records(path):
    """Records of a text or JSON trace, in file order; non-record lines are problems."""
    out = []
    for n, l in enumerate(lines_of(path), 1):
        if l.startswith("{"):
            try:
                r = json.loads(l)
            except ValueError as e:
                bad("%s:%d: not JSON (%s): %s" % (path, n, e, l[:120]))
                continue
        else:
            r = parse_text(l)
            if r is None:
                bad("%s:%d: not a trace record: %s" % (path, n, l[:120]))
                continue
        out.append(r)
    return out


def show(r, tids=None):
    t = str(r["tid"])
    if tids is not None:
        t = tids.get(t, t)
    return "c18n-trace: tid=%s %s %s -> %s %s depth=%s" % (
        t, r["event"], r["caller"], r["callee"], r["symbol"], r["depth"])


# ---- text traces ---------------------------------------------------------------------------
def cmd_text_exact(expected, actual, stdout, part):
    """The trace in ACTUAL equals EXPECTED line for line within each thread (tids named by the
    program's output; the threads' records may come in any order among each other, as each
    thread's are written in blocks), restricted to PART: "program" (transitions the program's
    code makes: PROGRAM_SYMBOLS), "initfini" (everything else: initialisers and finalisers) or
    "all"."""
    tids = tids_from_stdout(stdout)
    lab = re.compile(r"^c18n-trace: tid=(T\d+|\d+) (call|return) (.+?) -> (.+?) (\S+) depth=(\d+)$")
    want = []
    for l in lines_of(expected):
        if l.startswith("#") or not l.strip():
            continue
        m = lab.match(l)
        want.append((l, m.groups()[:4] + (m.group(6),), set(m.group(5).split("|"))))
        if m.group(1) not in tids.values():
            bad("the program did not print the thread id %s stands for (%s)" % (m.group(1),
                                                                                 stdout))
    got = []
    for r in records(actual):
        l = show(r, tids)
        m = lab.match(l)
        got.append((l, m.groups()[:4] + (m.group(6),), m.group(5)))

    def keep(syms):
        return part == "all" or (part == "program") == bool(syms & PROGRAM_SYMBOLS)

    want = [w for w in want if keep(w[2])]
    got = [g for g in got if keep({g[2]})]
    # each thread's records in order, the threads in the order EXPECTED first names them
    order = {}
    for w in want:
        order.setdefault(w[1][0], len(order))
    want.sort(key=lambda w: order[w[1][0]])
    got.sort(key=lambda g: order.get(g[1][0], len(order)))

    def same(w, g):
        return w[1] == g[1] and g[2] in w[2]

    if len(want) != len(got) or not all(same(w, g) for w, g in zip(want, got)):
        import difflib

        # a got line that some wanted line accepts is keyed by that wanted line, so the diff
        # shows only the real differences
        def key(g):
            for w in want:
                if same(w, g):
                    return w[0]
            return g[0]
        wl, gl = [w[0] for w in want], [key(g) for g in got]
        bad("trace differs from %s (- want, + got; %d lines wanted, %d got):"
            % (expected, len(want), len(got)))
        sm = difflib.SequenceMatcher(None, wl, gl, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                continue
            a, b = want[i1:i2], got[j1:j2]
            for k in range(max(len(a), len(b))):  # pairs of - and + lines
                if k < len(a):
                    bad("  -%s" % a[k][0])
                if k < len(b):
                    bad("  +%s" % b[k][0])
    done()


def cmd_same_records(a, b):
    """Two traces (text or JSON) hold the same records in the same order, tids aside (each
    file's tids are numbered in order of first appearance)."""
    def norm(path):
        seen = {}
        out = []
        for r in records(path):
            t = seen.setdefault(r["tid"], "T%d" % (len(seen) + 1))
            out.append((t, r["event"], r["caller"], r["callee"], r["symbol"], r["depth"]))
        return out
    ra, rb = norm(a), norm(b)
    if not ra:
        bad("%s: no records" % a)
    if ra != rb:
        bad("%s: %d records, %s: %d records" % (a, len(ra), b, len(rb)))
        for i, (x, y) in enumerate(zip(ra, rb)):
            if x != y:
                bad("first difference at record %d: %s / %s" % (i + 1, x, y))
                break
    done()


def nesting(recs, where):
    """Per thread: a call's depth is one more than the open calls; a return repeats the
    innermost open call.  Returns the per-tid record counts."""
    stacks = {}
    for i, r in enumerate(recs, 1):
        st = stacks.setdefault(r["tid"], [])
        key = (r["caller"], r["callee"], r["symbol"], r["depth"])
        if r["event"] == "call":
            if r["depth"] != len(st) + 1:
                bad("%s: record %d: depth %d with %d open transitions in thread %d"
                    % (where, i, r["depth"], len(st), r["tid"]))
            st.append(key)
        elif not st or st[-1] != key:
            bad("%s: record %d: return %s does not repeat the open call %s"
                % (where, i, key, st[-1] if st else None))
        else:
            st.pop()
    for t, st in stacks.items():
        if st:
            bad("%s: thread %d ends with %d open calls: %s" % (where, t, len(st), st))
    return stacks


def cmd_nesting(path):
    nesting(records(path), path)
    done()


# ---- JSON traces ---------------------------------------------------------------------------
def cmd_json_records(path, t0, t1, stdout):
    """Every line is one JSON object with exactly JSON_KEYS in that order, of the right types;
    ts lies between T0 and T1 (CLOCK_MONOTONIC ns, read before and after the run) and never
    goes back within a thread; the tids are those the program printed."""
    t0, t1 = int(t0), int(t1)
    tids = tids_from_stdout(stdout)
    last = {}
    n = 0
    for i, l in enumerate(lines_of(path), 1):
        try:
            pairs = json.loads(l, object_pairs_hook=lambda p: p)
        except ValueError as e:
            bad("%s:%d: not JSON: %s" % (path, i, e))
            continue
        n += 1
        if not isinstance(pairs, list) or [k for k, _ in pairs] != JSON_KEYS:
            bad("%s:%d: keys %s, want %s" % (path, i, [k for k, _ in pairs]
                                               if isinstance(pairs, list) else pairs, JSON_KEYS))
            continue
        r = dict(pairs)
        if r["event"] not in ("call", "return"):
            bad("%s:%d: event %r" % (path, i, r["event"]))
        for k in ("caller", "callee", "symbol"):
            if not isinstance(r[k], str) or not r[k]:
                bad("%s:%d: %s is %r" % (path, i, k, r[k]))
        for k in ("tid", "depth", "ts"):
            if type(r[k]) is not int:
                bad("%s:%d: %s is %r, not an integer" % (path, i, k, r[k]))
        if type(r["ts"]) is int:
            if not t0 <= r["ts"] <= t1:
                bad("%s:%d: ts %d outside the run [%d, %d] (CLOCK_MONOTONIC ns)"
                    % (path, i, r["ts"], t0, t1))
            if r["ts"] < last.get(r["tid"], 0):
                bad("%s:%d: ts goes back in thread %s" % (path, i, r["tid"]))
            last[r["tid"]] = r["ts"]
        if str(r["tid"]) not in tids:
            bad("%s:%d: tid %s is not one the program printed (%s)" % (path, i, r["tid"],
                                                                       sorted(tids)))
    if n == 0:
        bad("%s: no records" % path)
    done()


# ---- many threads --------------------------------------------------------------------------
def cmd_threads(path, fmt, nthreads, k):
    """NTHREADS threads each made K calls prog -> liba.so a_fn at depth 2 under a start
    routine entered from [TCB] (static, so symbol "?"): every line is a whole record, the
    records nest per thread, and the counts are exact."""
    nthreads, k = int(nthreads), int(k)
    recs = []
    for i, l in enumerate(lines_of(path), 1):
        if fmt == "json":
            try:
                r = json.loads(l)
                if not isinstance(r, dict) or set(r) != set(JSON_KEYS):
                    raise ValueError("keys %s" % (sorted(r) if isinstance(r, dict) else r))
            except ValueError as e:
                bad("%s:%d: not one whole JSON record (%s): %s" % (path, i, e, l[:160]))
                continue
        else:
            r = parse_text(l)
            if r is None:
                bad("%s:%d: not one whole text record: %s" % (path, i, l[:160]))
                continue
        recs.append(r)
    nesting(recs, path)
    per = {}
    for r in recs:
        if r["symbol"] == "a_fn":
            key = (r["caller"], r["callee"], r["depth"], r["event"])
            if key[:3] != ("prog", "liba.so", 2):
                bad("a_fn record %s, want prog -> liba.so depth=2" % show(r))
            per.setdefault(r["tid"], {"call": 0, "return": 0, "start": 0})[r["event"]] += 1
    for r in recs:
        if r["tid"] in per and r["depth"] == 1:
            if (r["caller"], r["callee"], r["symbol"]) != ("[TCB]", "prog", "?"):
                bad("start routine record %s, want [TCB] -> prog ? depth=1" % show(r))
            elif r["event"] == "call":
                per[r["tid"]]["start"] += 1
    if len(per) != nthreads:
        bad("%d threads called a_fn, want %d" % (len(per), nthreads))
    for t, c in sorted(per.items()):
        if c != {"call": k, "return": k, "start": 1}:
            bad("thread %d: %s, want %d calls, %d returns, 1 start" % (t, c, k, k))
    switches = sum(1 for x, y in zip(recs, recs[1:]) if x["tid"] != y["tid"])
    print("  (%d records; the thread changes %d times from one record to the next)"
          % (len(recs), switches))
    done()


# ---- statistics ----------------------------------------------------------------------------
class Obj(list):
    """A JSON object as its (key, value) pairs, in order."""


def stats(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(text, object_pairs_hook=Obj)
    except ValueError as e:
        print("  %s: not one JSON document: %s" % (path, e))
        sys.exit(1)


def as_dict(x):
    if isinstance(x, Obj):
        return {k: as_dict(v) for k, v in x}
    if isinstance(x, list):
        return [as_dict(v) for v in x]
    return x


def cmd_stats_shape(path):
    """Top-level keys in order, their types; every edge has caller, callee, symbol, calls in
    that order; edges sorted by calls, descending; transitions == the sum of the calls."""
    doc = stats(path)
    keys = [k for k, _ in doc]
    want = ["compartments", "trampolines", "stacks", "transitions", "edges"]
    if keys != want:
        bad("keys %s, want %s" % (keys, want))
    d = as_dict(doc)
    for k in ("trampolines", "stacks", "transitions"):
        if type(d.get(k)) is not int:
            bad("%s is %r, not an integer" % (k, d.get(k)))
    edges = d.get("edges", [])
    for e, raw in zip(edges, dict(doc).get("edges", [])):
        if [k for k, _ in raw] != ["caller", "callee", "symbol", "calls"]:
            bad("edge keys %s" % [k for k, _ in raw])
    calls = [e.get("calls", 0) for e in edges]
    if calls != sorted(calls, reverse=True):
        bad("edges are not sorted by calls, descending: %s" % calls)
    if sum(calls) != d.get("transitions"):
        bad("transitions %s != %d, the sum of the edges' calls" % (d.get("transitions"),
                                                                   sum(calls)))
    done()


def edge_counts(d, merge=True):
    out = {}
    for e in d["edges"]:
        key = (e["caller"], e["callee"], e["symbol"])
        out[key] = out.get(key, 0) + e["calls"] if merge else e["calls"]
    return out


def cmd_stats_edges(path, *specs):
    """Each SPEC "caller|callee|symbol=N" is an edge with exactly N calls."""
    d = as_dict(stats(path))
    have = edge_counts(d)
    for s in specs:
        k, n = s.rsplit("=", 1)
        key = tuple(k.split("|"))
        if have.get(key) != int(n):
            bad("edge %s -> %s %s: %s calls, want %s" % (key[0], key[1], key[2],
                                                          have.get(key, "no edge,"), n))
    done()


def cmd_stats_unique(path):
    """No two edges share (caller, callee, symbol): each is counted once, exactly."""
    d = as_dict(stats(path))
    seen = {}
    for e in d["edges"]:
        key = (e["caller"], e["callee"], e["symbol"])
        seen.setdefault(key, []).append(e["calls"])
    for key, calls in seen.items():
        if len(calls) > 1:
            bad("edge %s -> %s %s appears %d times (calls %s)" % (key + (len(calls), calls)))
    done()


def cmd_stats_vs_trace(path, trace):
    """The stats edges are the call records of a JSON trace of the same run, counted."""
    d = as_dict(stats(path))
    have = edge_counts(d)
    counted = {}
    for r in records(trace):
        if r["event"] == "call":
            key = (r["caller"], r["callee"], r["symbol"])
            counted[key] = counted.get(key, 0) + 1
    for key in sorted(set(have) | set(counted)):
        if have.get(key) != counted.get(key):
            bad("%s -> %s %s: stats %s, trace %s" % (key + (have.get(key), counted.get(key))))
    if d["transitions"] != sum(counted.values()):
        bad("transitions %d, trace has %d calls" % (d["transitions"], sum(counted.values())))
    done()


def cmd_stats_compartments(path, outdir):
    """Compartments in id order: [RTLD] (no objects), [TCB] (libc among them), prog, liba.so,
    libb.so, libplug.so, each with its object's path; keys id, name, objects in that order."""
    doc = stats(path)
    comps = dict(doc).get("compartments", [])
    for c in comps:
        if [k for k, _ in c] != ["id", "name", "objects"]:
            bad("compartment keys %s" % [k for k, _ in c])
    comps = as_dict(comps)
    got = [(c.get("id"), c.get("name")) for c in comps]
    want = list(enumerate(["[RTLD]", "[TCB]", "prog", "liba.so", "libb.so", "libplug.so"]))
    if got != want:
        bad("compartments %s, want %s" % (got, want))
    objs = {c.get("name"): c.get("objects") for c in comps}
    expect = {"[RTLD]": [], "prog": ["./prog"], "liba.so": [outdir + "/liba.so"],
              "libb.so": [outdir + "/libb.so"], "libplug.so": [outdir + "/libplug.so"]}
    for n, o in expect.items():
        if objs.get(n) != o:
            bad("objects of %s: %s, want %s" % (n, objs.get(n), o))
    if not any(p.endswith("/libc.so.6") for p in objs.get("[TCB]") or []):
        bad("[TCB] objects %s do not include libc.so.6" % objs.get("[TCB]"))
    done()


def cmd_stats_value(path, key, want):
    d = as_dict(stats(path))
    if d.get(key) != int(want):
        bad("%s is %s, want %s" % (key, d.get(key), want))
    done()


def cmd_stats_initfini(path):
    """Edges other than the program's own calls are the initialisers and finalisers of
    libb.so, liba.so, prog and libplug.so, called by the loader: [RTLD] -> LIB _init, _fini,
    liba_setup (liba.so's exported constructor) and crtstuff's frame_dummy and
    __do_global_dtors_aux ("?" when the loader has no dynamic symbol for them)."""
    d = as_dict(stats(path))
    per = {}
    for (a, b, s), n in edge_counts(d).items():
        if s in PROGRAM_SYMBOLS:
            continue
        if a != "[RTLD]":
            bad("edge %s -> %s %s: the caller of an initialiser or finaliser is the loader, "
                "[RTLD]" % (a, b, s))
        if s not in ("_init", "_fini", "liba_setup", "?", "frame_dummy",
                     "__do_global_dtors_aux"):
            bad("edge %s -> %s %s: %r is not a function name (nor \"?\")" % (a, b, s, s))
        per.setdefault(b, {})
        per[b][s] = per[b].get(s, 0) + n
    for lib in ("libb.so", "liba.so", "prog", "libplug.so"):
        got = per.get(lib, {})
        want = {"_init": 1, "_fini": 1}
        if lib == "liba.so":
            want["liba_setup"] = 1
        for s, n in want.items():
            if got.get(s) != n:
                bad("[RTLD] -> %s %s: %s calls, want %d" % (lib, s, got.get(s), n))
        if sum(got.values()) != sum(want.values()) + 2:
            bad("%s: %d initialiser and finaliser calls (%s), want %d"
                % (lib, sum(got.values()), got, sum(want.values()) + 2))
    done()


def cmd_stats_same(a, b):
    """Two stats files of identical runs hold the same document, edge order among equal
    counts aside."""
    da, db = as_dict(stats(a)), as_dict(stats(b))
    for d in (da, db):
        d["edges"] = sorted(d["edges"], key=lambda e: sorted(e.items()))
    if da != db:
        bad("%s and %s differ" % (a, b))
        for k in da:
            if da.get(k) != db.get(k):
                bad("  %s: %s / %s" % (k, str(da.get(k))[:200], str(db.get(k))[:200]))
    done()


# ---- c18n-trace outputs --------------------------------------------------------------------
def cmd_svg(path, stats_path):
    """A valid SVG with one node per compartment of the stats file and one edge per
    (caller, callee) pair, labelled with its total calls."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        bad("%s: not XML: %s" % (path, e))
        done()
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        bad("%s: root element %s, not svg" % (path, root.tag))
    ns = "{http://www.w3.org/2000/svg}"
    groups = [g for g in root.iter(ns + "g")]
    nodes = [g for g in groups if g.get("class") == "node"]
    edges = [g for g in groups if g.get("class") == "edge"]
    d = as_dict(stats(stats_path))
    pairs = {}
    for e in d["edges"]:
        pairs[(e["caller"], e["callee"])] = pairs.get((e["caller"], e["callee"]), 0) + e["calls"]
    if len(nodes) != len(d["compartments"]):
        bad("%d nodes, want %d (one per compartment)" % (len(nodes), len(d["compartments"])))
    if len(edges) != len(pairs):
        bad("%d edges, want %d (one per caller -> callee pair)" % (len(edges), len(pairs)))
    texts = {}
    for n in nodes:
        t = [x.text for x in n.iter(ns + "text") if x.text]
        texts[t[0] if t else "?"] = t
    want_names = sorted(c["name"] for c in d["compartments"])
    if sorted(texts) != want_names:
        bad("node labels %s, want %s" % (sorted(texts), want_names))
    labels = [" ".join(x.text for x in e.iter(ns + "text") if x.text) for e in edges]
    for (a, b), n in pairs.items():
        want = "%d call%s" % (n, "" if n == 1 else "s")
        if not any(l.startswith(want) for l in labels):
            bad("no edge labelled %r (%s -> %s); labels: %s" % (want, a, b, labels))
    done()


def cmd_dot_label(path, caller, callee, *want):
    """The DOT edge caller -> callee carries each WANT text in its label."""
    text = open(path, encoding="utf-8").read()
    ids = dict((m.group(2), m.group(1)) for m in
               re.finditer(r'^\t(c\d+) \[label="([^"\\]*)', text, re.M))
    m = re.search(r'^\t%s -> %s \[label="((?:[^"\\]|\\.)*)"' %
                  (ids.get(caller, "?"), ids.get(callee, "?")), text, re.M)
    if not m:
        bad("%s: no edge %s -> %s" % (path, caller, callee))
    else:
        for w in want:
            if w not in m.group(1).split("\\n"):
                bad("%s: edge %s -> %s label %r lacks %r" % (path, caller, callee, m.group(1), w))
    done()


def cmd_chrome(path, trace):
    """Valid JSON trace-event document: one complete ("X") event per call record of TRACE,
    pid 1, tid the thread's, name "caller -> callee: symbol", ts in microseconds (the call's
    ns / 1000), dur the time to its return; events of a thread nest."""
    try:
        doc = json.load(open(path, encoding="utf-8"))
    except ValueError as e:
        bad("%s: not JSON: %s" % (path, e))
        done()
    ev = doc.get("traceEvents") if isinstance(doc, dict) else doc
    if not isinstance(ev, list):
        bad("%s: no traceEvents list" % path)
        done()
    recs = records(trace)
    calls = [r for r in recs if r["event"] == "call"]
    if len(ev) != len(calls):
        bad("%d events, want %d (one per call record)" % (len(ev), len(calls)))
    want = sorted((r["tid"], r["ts"] / 1000.0, "%s -> %s: %s" % (r["caller"], r["callee"],
                                                               r["symbol"])) for r in calls)
    got = []
    for e in ev:
        if e.get("ph") != "X" or e.get("pid") != 1 or not isinstance(e.get("dur"), (int, float)) \
                or e["dur"] < 0:
            bad("bad event %s" % e)
            continue
        got.append((e.get("tid"), e.get("ts"), e.get("name")))
    if sorted(got) != want:
        bad("events do not match the trace's calls (tid, ts in us, name)")
    # a return's ts: dur is exactly the time from call to matching return
    rets = {}
    stacks = {}
    for r in recs:
        st = stacks.setdefault(r["tid"], [])
        if r["event"] == "call":
            st.append(r)
        elif st:
            c = st.pop()
            rets[(c["tid"], c["ts"] / 1000.0)] = (r["ts"] - c["ts"]) / 1000.0
    for e in ev:
        k = (e.get("tid"), e.get("ts"))
        if k in rets and abs(e.get("dur", -1) - rets[k]) > 1e-6:
            bad("event %s: dur %s, want %s" % (e.get("name"), e.get("dur"), rets[k]))
            break
    done()


if __name__ == "__main__":
    cmd = sys.argv[1].replace("-", "_")
    globals()["cmd_" + cmd](*sys.argv[2:])
