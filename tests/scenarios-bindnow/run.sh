#!/bin/sh
# The scenario suite with immediate binding: natively LD_BIND_NOW=1, under ld-c18n --bind-now.
exec env C18N_MODE=bindnow sh "$(dirname "$0")/../scenarios/run.sh" "$@"
