# SPDX-License-Identifier: GPL-2.0-only
#
# What the VNI benchmarks share (source after setting BENCH, the name
# messages start with, and MINTVM_DIR): booting node 0 and node 1 with VNI
# up, running a command with its output kept in $log, and the arithmetic of
# the report.

mintvm=tests/qemu/mintvm
N1=10.77.0.2
log=$MINTVM_DIR/$BENCH.log

step() { printf '%s: %s\n' "$BENCH" "$*" >&2; }

# bench_boot CONF [CMD]: boot the machine for CONF, run CMD on node 0 (a
# change to its config, say), bring VNI up on node 0, boot node 1, wait for
# the carrier and start node 1's iperf3 server. The machine stops on exit.
bench_boot() {
	"$mintvm" stop
	step "booting node 0 and node 1 under QEMU (TCG)"
	"$mintvm" start --conf "$1" >/dev/null
	trap '"$mintvm" stop' EXIT
	: > "$log"
	[ -z "${2:-}" ] || "$mintvm" run node0 "$2" >/dev/null
	"$mintvm" run node0 'mintctl net up' >/dev/null
	"$mintvm" mark node1 >/dev/null
	"$mintvm" run node0 -t 150 'mintctl boot node1 --timeout 90' >/dev/null
	"$mintvm" wait-ready node1 90 >/dev/null
	"$mintvm" run node0 'for i in $(seq 50); do [ "$(cat /sys/class/net/vni0/carrier)" = 1 ] && exit 0; sleep 0.1; done; exit 1' ||
		{ echo "$BENCH: VNI carrier never came up" >&2; exit 1; }
	"$mintvm" run node1 'iperf3 -s -D; sysctl -qw net.core.rmem_default=4194304' >/dev/null
}

# run NODE TIMEOUT CMD: run CMD on NODE, keep its output in the log.
run() {
	local out
	out=$("$mintvm" run "$1" -t "$2" "$3")
	printf '### %s: %s\n%s\n' "$1" "$3" "$out" >> "$log"
	printf '%s\n' "$out"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
