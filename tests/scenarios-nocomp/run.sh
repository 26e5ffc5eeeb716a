#!/bin/sh
# The scenario suite with ld-c18n as a plain loader (--no-compartments), skipping scenarios
# that assert compartment behaviour.
exec env C18N_MODE=nocomp sh "$(dirname "$0")/../scenarios/run.sh" "$@"
