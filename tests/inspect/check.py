#!/usr/bin/python3
"""check.py: assertions on c18n-inspect --json output, for tests/inspect/run.sh.

Usage: check.py JSON COMMAND ARGS...   (exit 0 when the assertion holds, else 1 with a reason)
  valid                                   a document with compartments, imports, hazards
  hazard KIND SYMBOL CALLER CALLEE [k=v]  exactly one such hazard; k=v checks a field
                                          (stack_bytes=16, size=4, file=libhaz.c by basename,
                                          line=N, detail~TEXT for a substring)
  nohazard SYMBOL                         no hazard names SYMBOL
  nohazards                               the hazard list is empty
  import CALLER CALLEE SYMBOL KIND [k=v]  exactly one such import; k=v as above
                                          (trampoline=true|false, signature=caller)
  noimport CALLER CALLEE                  no import between the two compartments
  comp NAME OBJECT...                     compartment NAME holds exactly these objects
  debug OBJECT SOURCE                     the object's debug source (embedded, build-id, ...)
  unchecked OBJECT N                      N imported functions of OBJECT had no signature
  errors N                                the errors list has N entries
Must stay true: only the standard library (json); the field names checked here are the JSON
document described in man/c18n-inspect.1.
"""
import json
import os
import sys


def fail(msg):
    print("  " + msg)
    sys.exit(1)


def match_fields(rec, pairs):
    for p in pairs:
        if "~" in p and ("=" not in p or p.index("~") < p.index("=")):
            k, v = p.split("~", 1)
            if v not in str(rec.get(k)):
                return "%s does not contain %r (%r)" % (k, v, rec.get(k))
            continue
        k, v = p.split("=", 1)
        got = rec.get(k)
        if k == "file":
            if got is None or os.path.basename(got) != v:
                return "file is %r, want basename %r" % (got, v)
        elif isinstance(got, bool):
            if str(got).lower() != v:
                return "%s is %r, want %s" % (k, got, v)
        elif isinstance(got, int):
            if got != int(v):
                return "%s is %r, want %s" % (k, got, v)
        elif str(got) != v:
            return "%s is %r, want %r" % (k, got, v)
    return None


def main():
    path, cmd, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail("cannot parse %s: %s" % (path, e))
    for key in ("compartments", "imports", "hazards", "errors"):
        if not isinstance(doc.get(key), list):
            fail("no %s list" % key)
    hz, im = doc["hazards"], doc["imports"]
    for h in hz:
        for key in ("kind", "symbol", "caller", "callee", "detail"):
            if key not in h:
                fail("hazard without %s: %r" % (key, h))
    if cmd == "valid":
        return
    if cmd == "hazard":
        kind, sym, caller, callee = args[:4]
        cand = [h for h in hz if h["kind"] == kind and h["symbol"] == sym
                and h["caller"] == caller and h["callee"] == callee]
        if len(cand) != 1:
            fail("%d hazards %s %s %s -> %s; hazards naming %s: %r" % (
                len(cand), kind, sym, caller, callee, sym,
                [h for h in hz if h["symbol"] == sym]))
        why = match_fields(cand[0], args[4:])
        if why:
            fail("%s %s: %s; hazard: %r" % (kind, sym, why, cand[0]))
    elif cmd == "nohazard":
        bad = [h for h in hz if h["symbol"] == args[0]]
        if bad:
            fail("unexpected hazards: %r" % bad)
    elif cmd == "nohazards":
        if hz:
            fail("unexpected hazards: %r" % hz)
    elif cmd == "import":
        caller, callee, sym, kind = args[:4]
        cand = [i for i in im if i["caller"] == caller and i["callee"] == callee
                and i["symbol"] == sym and i["kind"] == kind]
        if len(cand) != 1:
            fail("%d imports %s -> %s %s %s; imports of %s: %r" % (
                len(cand), caller, callee, sym, kind, sym,
                [i for i in im if i["symbol"] == sym]))
        why = match_fields(cand[0], args[4:])
        if why:
            fail("%s: %s; import: %r" % (sym, why, cand[0]))
    elif cmd == "noimport":
        bad = [i for i in im if i["caller"] == args[0] and i["callee"] == args[1]]
        if bad:
            fail("unexpected imports: %r" % bad[:5])
    elif cmd == "comp":
        name, want = args[0], sorted(args[1:])
        cand = [c for c in doc["compartments"] if c["name"] == name]
        if len(cand) != 1:
            fail("%d compartments named %s: %r" % (
                len(cand), name, [c["name"] for c in doc["compartments"]]))
        got = sorted(o["name"] for o in cand[0]["objects"])
        if got != want:
            fail("compartment %s holds %r, want %r" % (name, got, want))
    elif cmd in ("debug", "unchecked"):
        objs = [o for c in doc["compartments"] for o in c["objects"] if o["name"] == args[0]]
        if len(objs) != 1:
            fail("%d objects named %s" % (len(objs), args[0]))
        if cmd == "debug" and objs[0]["debug"] != args[1]:
            fail("%s: debug is %r, want %r" % (args[0], objs[0]["debug"], args[1]))
        if cmd == "unchecked" and objs[0]["unchecked_functions"] != int(args[1]):
            fail("%s: unchecked_functions is %r, want %s" % (
                args[0], objs[0]["unchecked_functions"], args[1]))
    elif cmd == "errors":
        if len(doc["errors"]) != int(args[0]):
            fail("errors: %r" % doc["errors"])
    else:
        fail("unknown check %s" % cmd)


main()
