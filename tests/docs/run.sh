#!/bin/sh
# Documentation checks: the environment variables ld-c18n reads (its env table, printed by
# --env-table) and the ones man/ld-c18n.1 documents are the same set.
here=$(cd "$(dirname "$0")" && pwd)
root="$here/../.."
: "${LDC18N:=$root/build/ld-c18n}"
: "${OUTDIR:=/tmp/c18n-docs}"
mkdir -p "$OUTDIR"
"$LDC18N" --env-table | cut -f1 | sort >"$OUTDIR/table"
sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$root/man/ld-c18n.1" | grep -A1 '^\.TP' |
    sed -n 's/^\.B \(LD_C18N_[A-Z_]*\).*/\1/p' | sort >"$OUTDIR/man"
if cmp -s "$OUTDIR/table" "$OUTDIR/man" && [ -s "$OUTDIR/table" ]; then
    echo "PASS: man page documents exactly the env table"
else
    echo "FAIL: man page and env table differ (< table, > man)"
    diff "$OUTDIR/table" "$OUTDIR/man" | sed 's/^/  /'
fi
help=$("$LDC18N" --help)
for v in $(cat "$OUTDIR/table"); do
    case "$help" in
    *"$v"*) echo "PASS: --help lists $v" ;;
    *) echo "FAIL: --help does not list $v" ;;
    esac
done
if LD_C18N_DEBUG=help "$LDC18N" /bin/true | grep -q '^  bindings'; then
    echo "PASS: LD_C18N_DEBUG=help lists the categories"
else
    echo "FAIL: LD_C18N_DEBUG=help does not list the categories"
fi
# c18n(7): the variables it documents exist, and the isolation option and debug category it
# names are the loader's.
sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$root/man/c18n.7" | grep -A1 '^\.TP' |
    sed -n 's/^\.B \(LD_C18N_[A-Z_]*\).*/\1/p' | sort >"$OUTDIR/man7"
if [ -s "$OUTDIR/man7" ] && [ -z "$(comm -23 "$OUTDIR/man7" "$OUTDIR/table")" ]; then
    echo "PASS: c18n(7) documents only variables of the env table ($(tr '\n' ' ' <"$OUTDIR/man7"))"
else
    echo "FAIL: c18n(7) documents variables the loader does not read: $(comm -23 "$OUTDIR/man7" "$OUTDIR/table")"
fi
for where in help man1 man7; do
    case $where in
    help) text=$help ;;
    man1) text=$(cat "$root/man/ld-c18n.1") ;;
    man7) text=$(cat "$root/man/c18n.7") ;;
    esac
    case "$text" in
    *isolate*) echo "PASS: $where documents --isolate" ;;
    *) echo "FAIL: $where does not document --isolate" ;;
    esac
done
if LD_C18N_DEBUG=help "$LDC18N" /bin/true | grep -q '^  isolation' && grep -q 'LD_C18N_DEBUG=isolation\|isolation' "$root/man/c18n.7"; then
    echo "PASS: the isolation debug category is listed and documented"
else
    echo "FAIL: the isolation debug category is not listed or not documented"
fi
# every category LD_C18N_DEBUG=help lists is in ld-c18n(1)'s list
cats=$(LD_C18N_DEBUG=help "$LDC18N" /bin/true | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
missing=""
for c in $cats; do
    sed -n '/^\.B LD_C18N_DEBUG$/,/^\.TP/p' "$root/man/ld-c18n.1" | grep -q "^\.BR* $c\( ,\| \.\)\{0,1\}\$" ||
        missing="$missing $c"
done
if [ -n "$cats" ] && [ -z "$missing" ]; then
    echo "PASS: ld-c18n(1) lists every debug category"
else
    echo "FAIL: ld-c18n(1) does not list the debug categories:${missing:- (none listed by help)}"
fi
