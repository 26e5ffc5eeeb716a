#!/bin/sh
# The real-program corpus under --isolate=audit (issue 13): every case of tests/real/run.sh,
# node included, runs with isolation in audit mode (each violation reported and let through)
# and with a statistics file of its own; this script then collects per case the violations
# (total and distinct places), the mprotect(2) calls and faults isolation made, and whether
# the run still matched the native one, and writes them as Markdown to
# tests/real-isolate/AUDIT.md (a record, committed like bench/RESULTS.md).  Run by
# `make audit-corpus`; not part of `make check` (it is slow, and audit mode, unlike the
# real-isolate suite, fails nothing).
#
# How: tests/real/run.sh unchanged, with C18N_OPTS="--isolate=audit --stats=../c18n.stats.json".
# The loader opens the stats file at start-up, relative to the ld-c18n run's working
# directory, which run.sh makes CASES/NAME/c18n: so each case's statistics land in
# CASES/NAME/c18n.stats.json, outside the directory whose files the case compares.  A forked
# child that exits through exit(3) appends a record of its own: the records are added up.
#
# "Matches native": the status, stdout and every file the case checks are those of the native
# run, and so is stderr once audit's own lines are taken out (each report block: the
# "ld-c18n: capability violation:" line and the indented lines after it; the exit summary:
# "ld-c18n: isolation audit:" and its indented lines).
#
# Knobs (environment): AUDIT_OUT (the Markdown file to write, default
# tests/real-isolate/AUDIT.md; "-" for stdout), AUDIT_REPEAT (cases run again, alone, to see
# whether their counts vary between runs; default "node", whose worker threads the enforce
# suite leaves out), AUDIT_RUNS (runs of each of those in all, default 5), OUTDIR (scratch,
# default tests/out/real-audit), REAL_ONLY / REAL_SKIP / REAL_BUDGET (as tests/real/run.sh;
# the budget defaults to 1800 s here), LDC18N, C18N_OPTS (more loader options).
#
# The section "## Analysis" of the existing file (from that heading to the end) is hand
# written: it is kept as it is.  Each place listed under "Violations" that it does not name
# (as `COMP KIND of OWNER SYMBOL`, the exit summary's words, in backquotes) is marked
# "not analysed".  Exits 1 if a case did not run or wrote no statistics.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${OUTDIR:=$root/tests/out/real-audit}"
: "${AUDIT_OUT:=$here/AUDIT.md}"
: "${AUDIT_REPEAT=node}"
: "${AUDIT_RUNS:=5}"
: "${REAL_BUDGET:=1800}"
: "${LDC18N:=$root/build/ld-c18n}"
export REAL_BUDGET LDC18N
command -v jq >/dev/null || { echo "audit: jq is needed (apt-get install jq)" >&2; exit 2; }
[ -x "$LDC18N" ] || { echo "audit: $LDC18N missing (make)" >&2; exit 2; }
rm -rf "$OUTDIR"; mkdir -p "$OUTDIR" || exit 2
OUTDIR=$(cd "$OUTDIR" && pwd -P)
opts="${C18N_OPTS-} --isolate=audit --stats=../c18n.stats.json"
T0=$(date +%s)

# run_corpus DIR [ONLY]: tests/real/run.sh into DIR (its log: DIR/log)
run_corpus() {
    mkdir -p "$1"
    OUTDIR=$1 C18N_OPTS=$opts REAL_ONLY=${2-${REAL_ONLY-}} REAL_SKIP=${REAL_SKIP-} \
        sh "$root/tests/real/run.sh" >"$1/log" 2>&1
}

# drop_audit FILE: prints FILE less audit's report blocks and exit summary
drop_audit() {
    awk '/^ld-c18n: (capability violation|isolation audit):/ { skip = 1; next }
         skip && /^  / { next }
         { skip = 0; print }' "$1"
}

# collect DIR NAME: one tab-separated row of facts about case NAME of the run in DIR:
# name match violations places reports transitions mprotect faults records summary
collect() {
    d=$1/cases/$2
    line=$(grep -E "^(PASS|FAIL|SKIP): $2( |:|\$)" "$1/log" | head -1)
    case $line in
    SKIP:*) printf '%s\tskipped\t-\t-\t-\t-\t-\t-\t-\t-\n' "$2"; return ;;
    PASS:*) why="" ;;
    FAIL:*) why=${line#FAIL: "$2":} ;;
    esac
    if [ -z "$line" ] || [ ! -f "$d/c18n.status" ]; then   # not installed, or not in the log
        printf '%s\tnot run\t-\t-\t-\t-\t-\t-\t-\t-\n' "$2"; return
    fi
    # what differs besides stderr, then stderr without audit's lines
    rest=$(printf '%s' "$why" | sed 's/ stderr differs;//')
    if [ "$(cat "$d/c18n.status" 2>/dev/null)" = skipped ]; then
        match="not run (budget)"
    elif [ -n "$rest" ]; then
        match="no:$rest"
    elif drop_audit "$d/c18n.err" | cmp -s - "$d/native.err"; then
        match=yes
    else
        match="no: stderr differs (besides audit's lines)"
    fi
    reports=$(grep -c '^ld-c18n: capability violation:' "$d/c18n.err" 2>/dev/null)
    if grep -q '^ld-c18n: isolation audit:' "$d/c18n.err" 2>/dev/null; then summary=yes
    else summary=no; fi
    s=$d/c18n.stats.json
    if [ -s "$s" ] && jq -s -e 'length > 0' "$s" >/dev/null 2>&1; then
        facts=$(jq -s -r '[([.[].violations[]?.count] | add // 0),
                  ([.[].violations[]? | [.compartment, .owner, .kind, .symbol]] | unique | length),
                  ([.[].transitions] | add // 0),
                  ([.[].isolation.mprotect] | add // 0), ([.[].isolation.faults] | add // 0),
                  length] | @tsv' "$s")
    else
        facts=$(printf 'no stats\t-\t-\t-\t-\t0')
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$2" "$match" "$(printf '%s' "$facts" | cut -f1-2)" \
        "$reports" "$(printf '%s' "$facts" | cut -f3-6)" "$summary"
}

# places DIR NAME: "COUNT<TAB>COMP<TAB>KIND<TAB>OWNER<TAB>SYMBOL<TAB>ADDRESS" per place
places() {
    s=$1/cases/$2/c18n.stats.json
    [ -s "$s" ] || return 0
    jq -s -r '[.[].violations[]?] | group_by([.compartment, .owner, .kind, .symbol])[] |
              [(map(.count) | add), .[0].compartment, .[0].kind, .[0].owner, .[0].symbol,
               .[0].address] | @tsv' "$s" 2>/dev/null
}

# the summary's words for a place: "COMP KIND of OWNER SYMBOL" (no "of OWNER" for the
# loader or the trusted base)
place_words() {
    case $4 in
    "[RTLD]"|"[TCB]") printf '%s %s %s' "$2" "$3" "$5" ;;
    *) printf '%s %s of %s %s' "$2" "$3" "$4" "$5" ;;
    esac
}

echo "audit: the corpus under --isolate=audit into $OUTDIR/corpus" >&2
run_corpus "$OUTDIR/corpus"
cases=$(sed -n 's/^\(PASS\|FAIL\|SKIP\): \([^: ]*\).*/\2/p' "$OUTDIR/corpus/log" | tr "\n" " ")
repeat=""
for c in $AUDIT_REPEAT; do
    case " $cases " in *" $c "*) repeat="$repeat $c" ;; esac
done
i=2
while [ -n "$repeat" ] && [ "$i" -le "$AUDIT_RUNS" ]; do
    echo "audit: run $i of$repeat" >&2
    run_corpus "$OUTDIR/run$i" "$repeat"
    i=$((i + 1))
done
elapsed=$(($(date +%s) - T0))

rows=$OUTDIR/rows.tsv; all=$OUTDIR/places.tsv
: >"$rows"; : >"$all"
for c in $cases; do
    collect "$OUTDIR/corpus" "$c" >>"$rows"
    places "$OUTDIR/corpus" "$c" | sed "s/^/$c	/" >>"$all"
done

# ---- the Markdown ---------------------------------------------------------------------------
old=$AUDIT_OUT; [ "$old" = - ] && old=/dev/null
md=$OUTDIR/AUDIT.md
analysis=$OUTDIR/analysis.md
if [ -f "$old" ] && grep -q '^## Analysis' "$old"; then
    sed -n '/^## Analysis/,$p' "$old" >"$analysis"
else
    printf '## Analysis\n\nNone yet.\n' >"$analysis"
fi
mdcell() { printf '%s' "$1" | sed 's/|/\\|/g'; }
{
    echo "# The real-program corpus under --isolate=audit"
    echo
    echo "Written by \`make audit-corpus\` (tests/real-isolate/audit.sh) on $(date -u '+%Y-%m-%d %H:%M') UTC,"
    echo "ld-c18n $("$LDC18N" --version 2>/dev/null | head -1 | sed 's/^ld-c18n //'), git $(cd "$root" && git describe --always --dirty 2>/dev/null || echo '?'); $(uname -sr), glibc $(getconf GNU_LIBC_VERSION | sed 's/glibc //');"
    echo "the corpus took ${elapsed}s in all. Every case of tests/real/run.sh ran under"
    echo "\`ld-c18n --isolate=audit --stats=FILE\`; the columns:"
    echo
    echo "- **matches native**: status, stdout, the files the case checks, and stderr once audit's"
    echo "  own lines (report blocks, exit summary) are taken out, are the native run's."
    echo "- **violations**: the faults counted as violations (the stats' \"violations\" counts added"
    echo "  up); **places**: distinct (compartment, owner, kind, symbol); **reports**: report blocks"
    echo "  on stderr (one per violation, so equal to violations)."
    echo "- **transitions**, **mprotect**, **faults**: the stats' transitions, and its \"isolation\""
    echo "  calls and faults (faults count violations and raw calls redirected to a transition alike)."
    echo "- **summary**: whether the exit summary (\`ld-c18n: isolation audit: ...\`) reached stderr."
    echo
    echo "| case | matches native | violations | places | reports | transitions | mprotect | faults | summary |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
    while IFS='	' read -r n m v p r t mp f recs sum; do
        [ "${recs:-1}" -gt 1 ] 2>/dev/null && t="$t ($recs processes)"
        echo "| $n | $(mdcell "$m") | $v | $p | $r | $t | $mp | $f | $sum |"
    done <"$rows"
    awk -F'\t' '$3 ~ /^[0-9]+$/ { v += $3; n++; if ($3 > 0) bad++; mp += $7; f += $8 }
                END { printf "| **all %d** | | **%d** | | | | %d | %d | |\n", n, v, mp, f
                      printf "\n%d case(s) of %d with a violation.\n", bad, n }' "$rows"
    if [ -n "$repeat" ]; then
        echo
        echo "## Repeated runs"
        echo
        echo "Each of these cases ran $AUDIT_RUNS times (run 1 is the corpus run above; the others"
        echo "alone, REAL_ONLY), to see whether the counts vary from run to run."
        echo
        echo "| case | run | matches native | violations | places | transitions | mprotect | faults |"
        echo "|---|---:|---|---:|---:|---:|---:|---:|"
        for c in $repeat; do
            j=1
            while [ "$j" -le "$AUDIT_RUNS" ]; do
                dir=$OUTDIR/corpus; [ "$j" -gt 1 ] && dir=$OUTDIR/run$j
                collect "$dir" "$c" | while IFS='	' read -r n m v p r t mp f recs sum; do
                    echo "| $n | $j | $(mdcell "$m") | $v | $p | $t | $mp | $f |"
                done
                [ "$j" -gt 1 ] && places "$dir" "$c" | sed "s/^/$c (run $j)	/" >>"$all"
                j=$((j + 1))
            done
        done
    fi
    echo
    echo "## Violations"
    echo
    if [ -s "$all" ]; then
        echo "One line per place and case: count, \`COMP KIND of OWNER SYMBOL\` as the exit summary"
        echo "words it, the first address seen."
        echo
        while IFS='	' read -r c n comp kind owner sym addr; do
            w=$(place_words "$n" "$comp" "$kind" "$owner" "$sym")
            mark=""
            grep -qF "\`$w\`" "$analysis" || mark=" (**not analysed**)"
            echo "- $c: $n \`$w\` at $addr$mark"
        done <"$all"
    else
        echo "None: no case made a capability violation."
    fi
    echo
    cat "$analysis"
} >"$md"
if [ "$AUDIT_OUT" = - ]; then cat "$md"; else cp "$md" "$AUDIT_OUT" && echo "audit: wrote $AUDIT_OUT" >&2; fi

# a case that did not run, or ran without leaving statistics, makes the record incomplete
bad=$(awk -F'\t' '$2 == "not run" || $3 == "no stats" { printf " %s", $1 }' "$rows")
[ -z "$bad" ] || { echo "audit: no statistics for:$bad (see $OUTDIR/corpus/log)" >&2; exit 1; }
exit 0
