#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run every test suite given on the command line and finish with one line
# "N passed, N failed" that counts each test case of every suite.
#
# A suite is a .bats file (run with bats --tap) or an executable that prints
# TAP ("ok N - name" / "not ok N - name"). A suite that exits non-zero without
# reporting a failed case counts as one failed case, so a crash is never lost.
# MACHINE:SUITE runs a suite that boots QEMU on that test machine
# (MINT_MACHINE=MACHINE, see tests/qemu/README.md), e.g. modern:tests/x.bats.
set -u

passed=0
failed=0
failed_names=()
log_dir=${CHECK_LOG_DIR:-build/check-logs}
mkdir -p "$log_dir"

run_suite() {
	local name=$1 suite=$1 machine=${MINT_MACHINE:-pc} log rc ok notok
	if [[ $suite == *:* ]]; then
		machine=${suite%%:*}
		suite=${suite#*:}
	fi
	log="$log_dir/$(echo "$name" | tr '/ :' '___').tap"
	echo "== $name"
	if [[ $suite == *.bats ]]; then
		MINT_MACHINE=$machine bats --tap "$suite" 2>&1 | tee "$log"
		rc=${PIPESTATUS[0]}
	else
		MINT_MACHINE=$machine "$suite" 2>&1 | tee "$log"
		rc=${PIPESTATUS[0]}
	fi
	ok=$(grep -c '^ok ' "$log")
	notok=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then
		echo "not ok - $name exited with status $rc" | tee -a "$log"
		notok=1
	fi
	if [ "$ok" -eq 0 ] && [ "$notok" -eq 0 ]; then
		echo "not ok - $name ran no tests" | tee -a "$log"
		notok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + notok))
	[ "$notok" -eq 0 ] || failed_names+=("$name")
}

for s in "$@"; do
	run_suite "$s"
done

if [ "${#failed_names[@]}" -gt 0 ]; then
	echo "failing suites: ${failed_names[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
