#!/bin/sh
# The real-program suite with immediate binding (ld-c18n --bind-now).
C18N_OPTS="$C18N_OPTS --bind-now" exec sh "$(dirname "$0")/../real/run.sh" "$@"
