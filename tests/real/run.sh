#!/bin/sh
# Real-program suite: installed Debian programs are run natively and under ld-c18n
# ("$LDC18N" /usr/bin/PROG ARGS...) with the same arguments, stdin, environment and a fresh,
# identically prepared working directory each.  stdout, stderr and the exit status must be
# identical; some cases also compare files the program wrote, or feed what one side wrote to
# the other side (compress under the loader, decompress natively and the other way round).
# One "PASS: name" / "FAIL: name" line per case; diagnostics are indented by two spaces.
#
# Environment: LDC18N (the loader), OUTDIR (scratch dir), C18N_OPTS (extra loader options),
# REAL_BUDGET (seconds for the whole suite, default 600), REAL_ONLY (run only these cases,
# space separated), REAL_SKIP (do not run these: a variant suite's list, with its reasons).
# The suite runs with a scrubbed environment (PATH=/usr/bin:/bin, TZ=UTC, LC_ALL=C, HOME=an
# empty directory); LD_C18N_* variables are kept.
here=$(cd "$(dirname "$0")" && pwd)
: "${OUTDIR:=$here/../out/real}"
: "${LDC18N:=$here/../../build/ld-c18n}"
: "${REAL_BUDGET:=600}"
mkdir -p "$OUTDIR" || exit 1
OUTDIR=$(cd "$OUTDIR" && pwd -P)
case $LDC18N in /*) ;; *) LDC18N=$(pwd)/$LDC18N ;; esac

# ---- scrub the environment: both runs must see exactly the same, reproducible one ----------
keep_opts=${C18N_OPTS-}; keep_only=${REAL_ONLY-}; keep_skip=${REAL_SKIP-}
for v in $(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p'); do
    case $v in
        LD_C18N_*|LDC18N|OUTDIR|REAL_BUDGET) ;;
        *) unset "$v" 2>/dev/null ;;
    esac
done
C18N_OPTS=$keep_opts; REAL_ONLY=$keep_only; REAL_SKIP=$keep_skip
HOME=$OUTDIR/home; TMPDIR=$OUTDIR/tmp
PATH=/usr/bin:/bin; TZ=UTC; LC_ALL=C; LANG=C; TERM=dumb
export HOME TMPDIR PATH TZ LC_ALL LANG TERM
umask 022
ulimit -c 0 2>/dev/null
rm -rf "$HOME" "$TMPDIR"; mkdir -p "$HOME" "$TMPDIR"

[ -x "$LDC18N" ] || echo "  note: loader $LDC18N not found or not executable; every case will fail"

T0=$(date +%s)
FIX=$OUTDIR/fixture           # read-only inputs shared by both runs (absolute paths)
CASES=$OUTDIR/cases

# ---- fixtures -------------------------------------------------------------------------------
mkfixtures() {
    rm -rf "$FIX"; mkdir -p "$FIX"
    # A small directory tree with fixed contents, modes and mtimes (ls, tar).
    t=$FIX/tree
    mkdir -p "$t/sub/deeper" "$t/empty"
    printf 'alpha\n' >"$t/a.txt"
    printf 'bravo bravo\n' >"$t/b.txt"
    seq 1 500 >"$t/sub/numbers"
    printf '#!/bin/sh\necho hi\n' >"$t/sub/script.sh"; chmod 755 "$t/sub/script.sh"
    printf 'secret\n' >"$t/sub/deeper/private"; chmod 600 "$t/sub/deeper/private"
    : >"$t/sub/deeper/zero"
    ln -s ../a.txt "$t/sub/link-to-a"
    touch -d '2021-03-04 05:06:07' "$t/a.txt"
    touch -d '2019-12-31 23:59:59' "$t/b.txt"
    touch -d '2020-06-15 12:00:00' "$t/sub/numbers" "$t/sub/script.sh"
    touch -d '2022-02-22 22:22:22' "$t/sub/deeper/private" "$t/sub/deeper/zero"
    touch -h -d '2018-01-01 00:00:00' "$t/sub/link-to-a"
    touch -d '2017-07-07 07:07:07' "$t/sub/deeper" "$t/empty"
    touch -d '2016-06-06 06:06:06' "$t/sub"
    touch -d '2015-05-05 05:05:05' "$t"

    # Text for sort / grep / sed / awk.
    cat >"$FIX/people.txt" <<'EOF'
carol 42 engineering 7200.50
alice 31 sales 5100.00
bob 42 engineering 6900.25
dave 7 intern 800.75
erin 100 board 12000.00
frank 31 sales 5100.00
grace 9 intern 950.10
heidi 42 sales 5400.00
EOF
    cat >"$FIX/words.txt" <<'EOF'
# comment line
foo1 bar foo foo
bar22 is here
baz333 and foo
quux4 nothing
foobar5
# another comment
BAR6 upper case
bazz7 last
EOF
    printf '%s\n' '/^#/d' 's/foo/FOO/g' '2,4s/a/@/g' '$s/$/ <end>/' '3i\
inserted before input line 3' >"$FIX/script.sed"

    # A bigger deterministic file for the compressors, curl and openssl.
    awk 'BEGIN { for (i = 1; i <= 20000; i++)
                   printf "line %06d value %d %s\n", i, (i * 7919) % 10007,
                          substr("abcdefghijklmnopqrstuvwxyz", i % 26 + 1, (i % 13) + 1) }' \
        >"$FIX/data.txt"
    gzip -9 -n -c "$FIX/data.txt" >"$FIX/data.txt.gz"
    xz -6 -T1 -c "$FIX/data.txt" >"$FIX/data.txt.xz"

    cat >"$FIX/script.sql" <<'EOF'
CREATE TABLE dept(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE emp(id INTEGER PRIMARY KEY, name TEXT, dept INTEGER REFERENCES dept(id),
                 salary REAL, boss INTEGER);
INSERT INTO dept VALUES (1,'engineering'),(2,'sales'),(3,'board');
INSERT INTO emp VALUES (1,'erin',3,12000,NULL),(2,'carol',1,7200.5,1),(3,'bob',1,6900.25,2),
                       (4,'alice',2,5100,1),(5,'heidi',2,5400,4),(6,'frank',2,5100,4),
                       (7,'dave',1,800.75,3);
CREATE INDEX emp_dept ON emp(dept);
.headers on
.mode list
SELECT d.name, count(*) AS n, sum(e.salary) AS total, printf('%.2f', avg(e.salary)) AS mean
  FROM emp e JOIN dept d ON d.id = e.dept GROUP BY d.name ORDER BY total DESC;
SELECT e.name, b.name AS boss FROM emp e LEFT JOIN emp b ON b.id = e.boss ORDER BY e.id;
WITH RECURSIVE chain(id, name, depth) AS (
    SELECT id, name, 0 FROM emp WHERE boss IS NULL
    UNION ALL
    SELECT e.id, e.name, c.depth + 1 FROM emp e JOIN chain c ON e.boss = c.id)
SELECT depth, group_concat(name, ',') FROM (SELECT * FROM chain ORDER BY depth, name)
  GROUP BY depth ORDER BY depth;
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 60)
SELECT n, a FROM fib WHERE n % 10 = 0;
SELECT name FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY name;
SELECT hex(zeroblob(4)), upper('mixed Case'), length('compartment'), 7 / 2, 7 / 2.0, round(2.675, 2);
EOF

    cat >"$FIX/data.json" <<'EOF'
{"project": "ld-c18n", "version": [0, 1, 0],
 "items": [{"name": "libfoo", "n": 3, "tags": ["a", "b"]},
           {"name": "libbar", "n": 1, "tags": []},
           {"name": "libbaz", "n": 7, "tags": ["c"]},
           {"name": "libqux", "n": 5, "tags": ["a", "c"], "extra": {"deep": [1, 2, {"x": null}]}}],
 "unicode": "caf\u00e9 \u2603", "float": 1.5e3, "neg": -0}
EOF
    touch -d '2020-01-01 00:00:00' "$FIX"/*.txt "$FIX"/*.gz "$FIX"/*.xz "$FIX"/*.sql "$FIX"/*.json
}

# ---- harness --------------------------------------------------------------------------------
# begin NAME PROG...: start a case.  Returns 1 (and reports FAIL) if a program is missing.
begin() {
    name=$1; shift
    why=""; d=$CASES/$name
    if [ -n "$REAL_ONLY" ]; then case " $REAL_ONLY " in *" $name "*) ;; *) return 1 ;; esac; fi
    case " $REAL_SKIP " in *" $name "*) echo "SKIP: $name"; return 1 ;; esac
    for p in "$@"; do
        if [ ! -x "$p" ]; then echo "FAIL: $name (not installed: $p)"; return 1; fi
    done
    rm -rf "$d"; mkdir -p "$d/native" "$d/c18n"
    return 0
}

# remaining SECONDS: print min(SECONDS, time left in the suite budget)
remaining() {
    left=$((REAL_BUDGET - ($(date +%s) - T0)))
    [ "$left" -lt "$1" ] && { echo "$left"; return; }
    echo "$1"
}

# Each run starts with the same empty HOME and TMPDIR (nothing one run leaves there, such as a
# history file, can change what the next one does).
fresh_home() { rm -rf "$HOME" "$TMPDIR"; mkdir -p "$HOME" "$TMPDIR"; }

# both TIMEOUT STDIN CMD...: run CMD natively and under the loader, each with cwd = its own
# work dir ($d/native, $d/c18n), and compare stdout, stderr and exit status.
both() {
    tmo=$1; input=$2; shift 2
    printf '%s\n' "$*" >"$d/cmd"
    t=$(remaining "$tmo")
    if [ "$t" -lt 5 ]; then
        why="$why suite time budget (REAL_BUDGET=${REAL_BUDGET}s) exhausted, not run;"
        echo skipped >"$d/native.status"; echo skipped >"$d/c18n.status"
        return 0
    fi
    # The outer subshell waits for the command and takes the shell's "Segmentation fault" job
    # report to /dev/null; the command's own stdout/stderr go to the files.
    fresh_home
    (cd "$d/native" || exit 125
     (exec timeout -k 5 "$tmo" "$@" <"$input" >"$d/native.out" 2>"$d/native.err"); exit $?) 2>/dev/null
    ns=$?
    fresh_home
    # shellcheck disable=SC2086  # C18N_OPTS is a list of words
    (cd "$d/c18n" || exit 125
     (exec timeout -k 5 "$t" "$LDC18N" $C18N_OPTS "$@" <"$input" >"$d/c18n.out" 2>"$d/c18n.err"); exit $?) 2>/dev/null
    cs=$?
    echo "$ns" >"$d/native.status"; echo "$cs" >"$d/c18n.status"
    [ "$ns" = 124 ] && why="$why native run timed out;"
    [ "$cs" = 124 ] && why="$why ld-c18n run timed out (${t}s);"
    [ "$cs" -gt 128 ] && why="$why ld-c18n died by signal $((cs - 128));"
    [ "$ns" != "$cs" ] && why="$why status native $ns, ld-c18n $cs;"
    cmp -s "$d/native.out" "$d/c18n.out" || why="$why stdout differs;"
    cmp -s "$d/native.err" "$d/c18n.err" || why="$why stderr differs;"
    return 0
}

# same_file REL: a file the command wrote into its work dir must be byte-identical.
same_file() {
    if [ ! -f "$d/native/$1" ]; then why="$why native run wrote no $1;"
    elif [ ! -f "$d/c18n/$1" ]; then why="$why ld-c18n run wrote no $1;"
    elif ! cmp -s "$d/native/$1" "$d/c18n/$1"; then why="$why $1 differs;"; fi
}

# expect_file FILE WANT LABEL: FILE must equal WANT byte for byte.
expect_file() {
    if ! cmp -s "$1" "$2"; then
        why="$why $3;"; echo "  $3: $(cmp "$1" "$2" 2>&1 | head -1)" >>"$d/extra"
    fi
}

# expect_status STATUS: the native run must have exited with STATUS (sanity of the case).
expect_status() {
    [ "$(cat "$d/native.status")" = skipped ] && return 0
    [ "$(cat "$d/native.status")" = "$1" ] || why="$why native status $(cat "$d/native.status") (want $1; broken case?);"
}

# expect_nonempty: the native run must have printed something (sanity of the case).
expect_nonempty() {
    [ "$(cat "$d/native.status")" = skipped ] && return 0
    [ -s "$d/native.out" ] || why="$why native stdout empty (broken case?);"
}

showdiff() { # label a b
    if ! cmp -s "$2" "$3"; then
        echo "  --- $1 (native vs ld-c18n):"
        diff "$2" "$3" >"$d/diff" 2>&1
        if head -1 "$d/diff" | grep -q '^Binary files'; then
            echo "    $(cmp "$2" "$3" 2>&1 | head -1) (sizes $(wc -c <"$2") vs $(wc -c <"$3"))"
        else
            head -20 "$d/diff" | cut -c1-200 | sed 's/^/    /'
        fi
    fi
}

finish() {
    if [ -z "$why" ]; then echo "PASS: $name"; else
        echo "FAIL: $name:$why"
        echo "  command: $(tr '\n' ' ' <"$d/cmd" 2>/dev/null | cut -c1-300)"
        echo "  status: native $(cat "$d/native.status" 2>/dev/null), ld-c18n $(cat "$d/c18n.status" 2>/dev/null)"
        [ -f "$d/native.out" ] && [ -f "$d/c18n.out" ] && showdiff stdout "$d/native.out" "$d/c18n.out"
        [ -f "$d/native.err" ] && [ -f "$d/c18n.err" ] && showdiff stderr "$d/native.err" "$d/c18n.err"
        [ -f "$d/extra" ] && cat "$d/extra"
    fi
    rm -f "$d/extra"
}

# ---- cases ----------------------------------------------------------------------------------
mkfixtures
rm -rf "$CASES"; mkdir -p "$CASES"
B=/usr/bin
TMO=60

if begin ls $B/ls; then
    both $TMO /dev/null $B/ls -lR "$FIX/tree"; expect_status 0; expect_nonempty; finish
fi
if begin ls-full-time $B/ls; then
    both $TMO /dev/null $B/ls -la --full-time -i -s -n "$FIX/tree/sub"; expect_status 0; finish
fi
if begin ls-missing $B/ls; then   # error path: program name and strerror on stderr, status 2
    both $TMO /dev/null $B/ls -l "$FIX/tree/a.txt" "$FIX/no-such-file"; expect_status 2; finish
fi
if begin sort-n $B/sort; then
    both $TMO "$FIX/data.txt" $B/sort -n -r -k4,4 -t ' '; expect_status 0; finish
fi
if begin sort-k $B/sort; then
    both $TMO /dev/null $B/sort -s -k2,2n -k4,4nr -k1,1 "$FIX/people.txt"; expect_status 0; finish
fi
if begin grep-E $B/grep; then
    both $TMO /dev/null $B/grep -E -n -i '^(foo|ba[rz]+)[0-9]{1,3}\b|upper' "$FIX/words.txt"
    expect_status 0; expect_nonempty; finish
fi
if begin grep-nomatch $B/grep; then
    both $TMO /dev/null $B/grep -E -c 'x{5,}' "$FIX/words.txt"; expect_status 1; finish
fi
if begin sed $B/sed; then
    both $TMO /dev/null $B/sed -f "$FIX/script.sed" "$FIX/words.txt"; expect_status 0; finish
fi
if begin sed-inplace $B/sed; then   # writes a file (sed -i): compare the result too
    cp "$FIX/words.txt" "$d/native/w.txt"; cp "$FIX/words.txt" "$d/c18n/w.txt"
    both $TMO /dev/null $B/sed -i -e '1~2s/[aeiou]/_/g' -e '5,$y/abc/ABC/' w.txt
    expect_status 0; same_file w.txt; finish
fi
awkprog='{ n[$3]++; s[$3] += $4; tot += $4; if ($2 > maxage) { maxage = $2; who = $1 } }
END { for (k in n) printf "%-12s %2d %10.2f %8.3f\n", k, n[k], s[k], s[k] / n[k] | "sort"
      close("sort")
      printf "total=%.2f mean=%.4f oldest=%s(%d) sqrt2=%.10f pow=%d hex=%x str=%5.3s|\n",
             tot, tot / NR, who, maxage, sqrt(2), 2 ^ 20, 48879, "abcdef" }'
if begin awk $B/awk; then
    both $TMO /dev/null $B/awk "$awkprog" "$FIX/people.txt"; expect_status 0; expect_nonempty; finish
fi
if begin mawk $B/mawk; then
    both $TMO /dev/null $B/mawk "$awkprog" "$FIX/people.txt"; expect_status 0; expect_nonempty; finish
fi
if begin tar-create $B/tar; then
    both $TMO /dev/null $B/tar --sort=name --owner=0 --group=0 --numeric-owner -cf out.tar -C "$FIX" tree
    expect_status 0; same_file out.tar; finish
    TARBALL=$d/c18n/out.tar; [ -f "$TARBALL" ] || TARBALL=$d/native/out.tar
fi
if begin tar-list $B/tar; then
    # Lists the archive ld-c18n wrote (if it wrote one; tar-create compared it with native's).
    both $TMO /dev/null $B/tar -tvf "${TARBALL:-$FIX/none.tar}" --numeric-owner
    expect_status 0; expect_nonempty; finish
fi
if begin tar-extract $B/tar; then
    both $TMO /dev/null $B/tar -xf "${TARBALL:-$FIX/none.tar}"
    expect_status 0
    for f in tree/a.txt tree/sub/numbers tree/sub/script.sh tree/sub/deeper/private; do same_file "$f"; done
    for w in native c18n; do   # metadata restored the same way?
        (cd "$d/$w" && TZ=UTC ls -lR --full-time tree | grep -v '^total') >"$d/$w.ls" 2>&1
    done
    expect_file "$d/c18n.ls" "$d/native.ls" "extracted tree metadata differs"
    finish
fi
if begin gzip-compress $B/gzip; then   # compress under the loader, decompress natively
    both $TMO "$FIX/data.txt" $B/gzip -9 -n -c; expect_status 0
    gzip -dc <"$d/c18n.out" >"$d/c18n.decoded" 2>&1
    expect_file "$d/c18n.decoded" "$FIX/data.txt" "native gunzip of ld-c18n output differs from input"
    finish
fi
if begin gzip-decompress $B/gzip; then  # compressed natively, decompress under the loader
    both $TMO /dev/null $B/gzip -dc "$FIX/data.txt.gz"; expect_status 0
    expect_file "$d/c18n.out" "$FIX/data.txt" "ld-c18n gunzip output differs from original"
    finish
fi
if begin gzip-file $B/gzip; then        # file mode: writes data.txt.gz next to the input
    cp -p "$FIX/data.txt" "$d/native/"; cp -p "$FIX/data.txt" "$d/c18n/"
    both $TMO /dev/null $B/gzip -6 -k data.txt; expect_status 0; same_file data.txt.gz; finish
fi
if begin xz-compress $B/xz; then
    both $TMO "$FIX/data.txt" $B/xz -6 -T1 -c; expect_status 0
    xz -dc <"$d/c18n.out" >"$d/c18n.decoded" 2>&1
    expect_file "$d/c18n.decoded" "$FIX/data.txt" "native unxz of ld-c18n output differs from input"
    finish
fi
if begin xz-decompress $B/xz; then
    both $TMO /dev/null $B/xz -dc "$FIX/data.txt.xz"; expect_status 0
    expect_file "$d/c18n.out" "$FIX/data.txt" "ld-c18n unxz output differs from original"
    finish
fi
if begin xz-list $B/xz; then
    both $TMO /dev/null $B/xz --robot -lvv "$FIX/data.txt.xz"; expect_status 0; finish
fi
if begin sqlite3 $B/sqlite3; then
    both $TMO "$FIX/script.sql" $B/sqlite3 -batch -bail :memory:; expect_status 0; expect_nonempty; finish
fi
if begin sqlite3-file $B/sqlite3; then  # on-disk database (file locking, journal, fsync)
    both $TMO "$FIX/script.sql" $B/sqlite3 -batch -bail test.db
    expect_status 0
    for w in native c18n; do
        sqlite3 "$d/$w/test.db" 'PRAGMA integrity_check; SELECT count(*), sum(salary) FROM emp;' \
            >"$d/$w.check" 2>&1
    done
    expect_file "$d/c18n.check" "$d/native.check" "database written under ld-c18n differs"
    finish
fi
if begin jq $B/jq; then
    both $TMO /dev/null $B/jq -S '{count: (.items | length),
        big: [.items[] | select(.n > 2) | .name], total: (.items | map(.n) | add),
        tags: ([.items[].tags[]] | unique), deep: .items[3].extra.deep[2],
        u: .unicode, f: .float, sq: [range(1; 6) | . * .], p: (.version | join("."))}' "$FIX/data.json"
    expect_status 0; expect_nonempty; finish
fi
if begin jq-raw $B/jq; then
    both $TMO "$FIX/data.json" $B/jq -r '.items[] | "\(.name)\t\(.n)\t\(.tags | length)"'
    expect_status 0; finish
fi
if begin curl $B/curl; then
    both $TMO /dev/null $B/curl -s "file://$FIX/data.txt"; expect_status 0
    expect_file "$d/c18n.out" "$FIX/data.txt" "curl output differs from the file"
    finish
fi
if begin curl-missing $B/curl; then
    both $TMO /dev/null $B/curl -sS "file://$FIX/no-such-file"; expect_status 37; finish
fi
if begin openssl-dgst $B/openssl; then
    both $TMO /dev/null $B/openssl dgst -sha256 "$FIX/data.txt"; expect_status 0; expect_nonempty; finish
fi
if begin openssl-enc $B/openssl; then   # deterministic: fixed key and IV, no salt
    both $TMO "$FIX/data.txt" $B/openssl enc -aes-256-cbc -K \
        000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
        -iv 0f0e0d0c0b0a09080706050403020100 -nosalt
    expect_status 0; expect_nonempty; finish
fi
if begin perl $B/perl; then
    both $TMO /dev/null $B/perl -e '
use strict; use warnings;
use POSIX qw(floor ceil fmod strftime INT_MAX);
use List::Util qw(sum max min first reduce shuffle);
print "floor ", floor(-3.5), " ", floor(2.7), " ceil ", ceil(2.1), " fmod ", fmod(10, 3), "\n";
print "gm ", strftime("%Y-%m-%d %H:%M:%S %j %a %b", gmtime(1700000000)), "\n";
print "local ", strftime("%Y-%m-%dT%H:%M:%S %z", localtime(1234567890)), "\n";
print "sum ", sum(1 .. 100), " max ", max(3, 9, 2), " min ", min(4, -1, 8),
      " first ", first { $_ > 3 } (1, 2, 5, 7); print "\n";
print "reduce ", (reduce { $a * $b } 1 .. 10), "\n";
my %h = map { $_ => length } qw(compartment trampoline capability);
print join(",", map { "$_=$h{$_}" } sort keys %h), "\n";
printf "%.6f %s %d\n", atan2(1, 1) * 4, scalar reverse("abc"), INT_MAX;
(my $s = "Hello, World") =~ s/(\w+)/\U$1/g; print "$s\n";'
    expect_status 0; expect_nonempty; finish
fi
if begin python3 $B/python3; then
    both 120 /dev/null $B/python3 -c '
import json, sqlite3, ssl, ctypes, hashlib, decimal, sys
print(json.dumps({"b": [1, 2, 3], "a": {"x": 1.5, "y": None}}, sort_keys=True))
print(json.loads("[1, 2.5, \"x\", true]"))
db = sqlite3.connect(":memory:")
db.execute("create table t(x integer)")
db.executemany("insert into t values (?)", [(i,) for i in range(1, 101)])
print("sqlite", db.execute("select count(*), sum(x), max(x) from t").fetchone())
print("sqlite", db.execute("with recursive c(n) as (select 1 union all select n+1 from c where n<10) select group_concat(n) from c").fetchone()[0])
ctx = ssl.create_default_context()
print("ssl", ctx.verify_mode == ssl.CERT_REQUIRED, ctx.check_hostname, ssl.OPENSSL_VERSION.split()[0])
libc = ctypes.CDLL("libc.so.6")
libc.strlen.restype = ctypes.c_size_t
print("strlen", libc.strlen(b"compartmentalisation"))
me = ctypes.CDLL(None)
me.strlen.restype = ctypes.c_size_t
print("strlen(None)", me.strlen(b"abc"))
buf = ctypes.create_string_buffer(32)
libc.snprintf(buf, 32, b"%d-%s", 42, b"ok")
print("snprintf", buf.value)
cmp = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))(lambda a, b: a[0] - b[0])
arr = (ctypes.c_int * 6)(5, 3, 9, 1, 7, 2)
libc.qsort(arr, 6, ctypes.sizeof(ctypes.c_int), cmp)
print("qsort", list(arr))
print("sha256", hashlib.sha256(b"ld-c18n").hexdigest())
print("md5", hashlib.md5(b"abc").hexdigest(), hashlib.blake2b(b"x", digest_size=8).hexdigest())
decimal.getcontext().prec = 40
print("decimal", decimal.Decimal(1) / decimal.Decimal(7), decimal.Decimal(2).sqrt())
print("float", 0.1 + 0.2, 2 ** 100, round(2.675, 2))
sys.exit(3)'
    expect_status 3; expect_nonempty; finish
fi
if begin cmake $B/cmake; then
    both $TMO /dev/null $B/cmake --version; expect_status 0; expect_nonempty; finish
fi
if begin cmake-script $B/cmake; then    # cmake -P: finds its modules through CMAKE_ROOT
    cat >"$FIX/script.cmake" <<'EOF'
cmake_minimum_required(VERSION 3.13)
set(items zeta alpha mu beta)
list(SORT items)
list(LENGTH items n)
string(SHA256 h "ld-c18n")
math(EXPR x "6 * 7 + (1 << 4)")
string(REGEX REPLACE "([a-z])([a-z]*)" "\\2\\1" r "compartment")
include(CMakeParseArguments)
message(STATUS "items=${items} n=${n} x=${x} r=${r}")
message(STATUS "sha=${h}")
EOF
    both $TMO /dev/null $B/cmake -P "$FIX/script.cmake"; expect_status 0; expect_nonempty; finish
fi
if begin node $B/node; then
    both 120 /dev/null $B/node -e '
const { Worker } = require("worker_threads");
const w = new Worker(`
  const { parentPort, workerData } = require("worker_threads");
  let s = 0; for (let i = 1; i <= workerData; i++) s += i * i;
  parentPort.postMessage({ from: "worker", sum: s, sqrt: Math.sqrt(s).toFixed(6) });`,
  { eval: true, workerData: 1000 });
w.on("message", (m) => console.log("main got", JSON.stringify(m)));
w.on("error", (e) => { console.log("worker error", e.message); process.exitCode = 1; });
w.on("exit", (c) => console.log("worker exited", c));
console.log("started", [3, 1, 2].sort().join(","), JSON.stringify({ a: 1 }));'
    expect_status 0; expect_nonempty; finish
fi
# The JVM (issue 18): HotSpot checks its stack bounds before every Java call and owns a
# monitor by the stack its lock record lies on; the JDK's libraries share one compartment
# (compartment.c) and pthread_getattr_np names the stack they run on (stackinfo.c).
JDK=/usr/lib/jvm/java-17-openjdk-amd64
if begin java-version $JDK/bin/java; then
    both 120 /dev/null $JDK/bin/java -version; expect_status 0; finish
fi
if begin java-threads $JDK/bin/java $JDK/bin/javac; then    # threads, monitors, GC
    mkdir -p "$FIX/java"
    cat >"$FIX/java/Main.java" <<'EOF'
import java.util.*;
import java.util.concurrent.*;
public class Main {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            final int id = t;
            fs.add(pool.submit(() -> {
                long sum = 0;
                for (int i = 0; i < 100000; i++) {
                    String s = new StringBuilder().append(id).append(':').append(i).toString();
                    sum += s.hashCode() & 0xff;
                    synchronized (Main.class) { sum++; }
                }
                return sum;
            }));
        }
        long total = 0;
        for (Future<Long> f : fs) total += f.get();
        pool.shutdown();
        System.gc();
        Map<String, Integer> m = new TreeMap<>();
        for (String w : "the quick brown fox jumps over the lazy dog the end".split(" "))
            m.merge(w, 1, Integer::sum);
        System.out.println("total " + total + " " + m);
    }
}
EOF
    (cd "$FIX/java" && $JDK/bin/javac Main.java) >"$d/extra" 2>&1 || why="$why javac failed;"
    both 120 /dev/null $JDK/bin/java -cp "$FIX/java" Main; expect_status 0; expect_nonempty; finish
fi
if begin javac $JDK/bin/javac; then    # by its real path: the JDK tools find their home
    printf 'public class Hi { public static void main(String[] a) { System.out.println("hi " + a.length); } }\n' >"$FIX/Hi.java"
    both 120 /dev/null $JDK/bin/javac -d . "$FIX/Hi.java"; expect_status 0; same_file Hi.class; finish
fi
if begin java-program $JDK/bin/java; then    # a single-file program: threads, a monitor, GC
    cat >"$FIX/Threads.java" <<'EOF'
import java.util.*;
public class Threads {
    static int shared = 0;
    public static void main(String[] args) throws Exception {
        long[] sums = new long[4];
        List<Thread> ts = new ArrayList<>();
        Object lock = new Object();
        for (int i = 0; i < 4; i++) {
            final int k = i;
            Thread t = new Thread(() -> {
                long s = 0;
                for (int j = 0; j < 300000; j++) {
                    s += j % (k + 3);
                    if (j % 1000 == 0) synchronized (lock) { shared++; }
                }
                sums[k] = s;
            });
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) t.join();
        List<String> junk = new ArrayList<>();
        for (int i = 0; i < 100000; i++) junk.add("x" + i);
        System.gc();
        System.out.println(Arrays.toString(sums) + " " + shared + " " + junk.get(99999));
    }
}
EOF
    both 180 /dev/null $JDK/bin/java -Xshare:auto "$FIX/Threads.java"
    expect_status 0; expect_nonempty; finish
fi
# Ruby (issue 18): its collector scans the stack it runs on for the objects C code holds, so
# libruby, its C extensions and the program share a compartment (compartment.c).
if begin ruby $B/ruby; then    # C extensions (json, openssl), a thread, the GC scanning its stack
    cat >"$FIX/t.rb" <<'EOF'
require 'json'
require 'openssl'
a = (1..2000).map { |i| { "k" => i.to_s * 3, "v" => [i, i * 2] } }
b = JSON.parse(JSON.generate(a))
GC.start
t = Thread.new { (1..5000).map { |i| "x#{i}" }.join.size }
puts b.size, b[1234]["k"], t.value
puts OpenSSL::Digest::SHA256.hexdigest("ld-c18n")
EOF
    both 120 /dev/null $B/ruby "$FIX/t.rb"; expect_status 0; expect_nonempty; finish
fi
# Breadth (issue 18): runtimes and big applications; the ones that run helpers (git, the
# shell scripts) do so through a shell under ld-c18n, whose children run under it too
# (follow.c), so every program of the case is compartmentalised.
if begin php $B/php; then
    both 120 /dev/null $B/php -n -r '
$a = ["zeta" => 3, "alpha" => [1, 2, 3], "mu" => null, "pi" => 3.14159];
ksort($a);
echo json_encode($a), "\n";
var_dump(json_decode("{\"x\": [1, 2.5, \"y\"]}", true));
echo preg_replace("/(\w+) (\w+)/", "\$2 \$1", "hello compartment world"), "\n";
echo hash("sha256", "ld-c18n"), " ", md5("abc"), " ", crc32("x"), "\n";
$f = function ($n) use (&$f) { return $n < 2 ? $n : $f($n - 1) + $f($n - 2); };
echo $f(20), " ", PHP_INT_MAX, " ", intdiv(7, 2), " ", 2 ** 0.5, "\n";
$s = str_repeat("ab", 1000); echo strlen(gzcompress($s)) > 0 ? "zlib ok" : "zlib?", "\n";
printf("%05.1f|%-6s|%x\n", 3.14159, "php", 255);
exit(4);'
    expect_status 4; expect_nonempty; finish
fi
if begin lua $B/lua5.4; then
    both 120 /dev/null $B/lua5.4 -e '
local t = {}
for i = 1, 200 do t[#t + 1] = (i * 7919) % 1009 end
table.sort(t)
print(t[1], t[100], t[200], #t)
local co = coroutine.wrap(function () for i = 1, 3 do coroutine.yield(i * i) end end)
print(co(), co(), co())
print(string.format("%5.2f|%-4s|%x", math.pi, "lua", 255), ("compartment"):upper():rep(2, "-"))
print(select("#", string.byte("abc", 1, -1)), ("x=1, y=22"):match("y=(%d+)"), utf8.char(9731))
local ok, err = pcall(error, {code = 7}); print(ok, err.code)
os.exit(5)'
    expect_status 5; expect_nonempty; finish
fi
if begin git $B/git; then    # init, commit, log: git runs its helpers (followed exec)
    both 120 /dev/null /bin/sh -c '
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.org GIT_COMMITTER_NAME=Ada
export GIT_COMMITTER_EMAIL=ada@example.org GIT_AUTHOR_DATE="2021-01-02T03:04:05Z"
export GIT_COMMITTER_DATE="2021-01-02T03:04:05Z" GIT_CONFIG_NOSYSTEM=1
git -c init.defaultBranch=main init -q repo && cd repo || exit 1
printf "one\n" >a.txt && git add a.txt && git commit -q -m "first commit"
printf "two\n" >>a.txt && mkdir d && printf "x\n" >d/b.txt
git add -A && git commit -q -m "second: two files" && git tag v1
git log --format="%H %an %s" && git show --stat --format=%s HEAD | tail -3
git diff HEAD~1 --numstat && git rev-parse "v1^{tree}" && git gc -q && git fsck --no-progress && echo fsck ok'
    expect_status 0; expect_nonempty; finish
fi
if begin imagemagick $B/convert $B/identify; then   # a picture drawn, blurred, rotated, resized
    both 120 /dev/null /bin/sh -c '
convert -size 96x64 gradient:red-blue -fill white -draw "circle 48,32 60,40" \
    -blur 0x1.5 -rotate 30 -resize 80x80 -depth 8 ppm:out.ppm &&
identify -format "%w %h %[fx:mean] %# \n" out.ppm'
    expect_status 0; expect_nonempty; same_file out.ppm; finish
fi
if begin ffmpeg $B/ffmpeg; then    # a 1-second test video made, then transcoded, bit-exact
    both 180 /dev/null /bin/sh -c '
ffmpeg -nostdin -hide_banner -loglevel error -f lavfi -i testsrc=duration=1:size=160x120:rate=10 \
    -f lavfi -i sine=frequency=440:duration=1 -c:v mpeg4 -c:a pcm_s16le -threads 1 \
    -fflags +bitexact -flags +bitexact test.avi &&
ffmpeg -nostdin -hide_banner -loglevel error -i test.avi -vf scale=80:60 -c:v ffv1 -c:a flac \
    -threads 1 -fflags +bitexact -flags +bitexact -f matroska out.mkv &&
ffmpeg -nostdin -hide_banner -loglevel error -i out.mkv -f framemd5 -'
    expect_status 0; expect_nonempty; same_file test.avi; finish
fi
if begin ghostscript $B/gs; then    # a page of PostScript rendered to pixels
    cat >"$FIX/page.ps" <<'EOF'
%!PS
/Helvetica findfont 24 scalefont setfont
72 700 moveto (ld-c18n renders) show
newpath 300 400 100 0 360 arc 0.2 0.4 0.8 setrgbcolor fill
0 setgray 4 setlinewidth 100 100 moveto 500 300 lineto stroke
/Times-Roman findfont 12 scalefont setfont 72 200 moveto (compartments) show
showpage
EOF
    both 120 /dev/null $B/gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=ppmraw -r40 \
        -sOutputFile=page.ppm "$FIX/page.ps" -c '2 3 add == (done) ='
    expect_status 0; expect_nonempty; same_file page.ppm; finish
fi
if begin redis $B/redis-server $B/redis-cli; then    # a server started, queried, shut down
    both 120 /dev/null /bin/sh -c '
redis-server --port 0 --unixsocket "$PWD/r.sock" --save "" --appendonly no \
    --logfile "$PWD/server.log" & pid=$!
n=0; while [ ! -S r.sock ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n + 1)); done
c() { redis-cli -s "$PWD/r.sock" "$@"; }
c ping && c set greeting "hello compartments" && c get greeting && c incrby n 41 && c incr n
c rpush l c a b >/dev/null && c sort l alpha && c hset h f1 v1 f2 v2 && c hgetall h
c eval "return redis.call(\"get\", KEYS[1]) .. \"!\"" 1 greeting && c dbsize
c shutdown nosave; wait $pid; echo "server exited $?"'
    expect_status 0; expect_nonempty; finish
fi
if begin gdb $B/gdb; then
    both 120 /dev/null $B/gdb -nx -batch -ex 'print 6*7' -ex 'print/x 255'
    expect_status 0; expect_nonempty; finish
fi
echo "  suite time: $(($(date +%s) - T0))s"
