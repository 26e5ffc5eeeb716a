#!/bin/sh
# The scenario suite with memory isolation enforced (--isolate=enforce): the same programs,
# the same expected output; a false capability violation fails the scenario (its report on
# stderr differs from the native run, and enforce ends the process).
exec env C18N_MODE=isolate sh "$(dirname "$0")/../scenarios/run.sh" "$@"
