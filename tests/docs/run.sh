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
