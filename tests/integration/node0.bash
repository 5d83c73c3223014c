# SPDX-License-Identifier: GPL-2.0-only
#
# Shared checks for the node-0 suites: what "node 0 is partitioned for this
# config" means, derived from mintctl's own plan.

MINTCTL=${MINTCTL:-build/mintctl/mintctl}
QEMU_SYSROOT=$(machine_sysroot)

# plan_params CONF: node 0's kernel parameters that mintctl plans for the
# QEMU machine (from its recorded firmware view).
plan_params() {
	"$MINTCTL" -c "$1" --sysroot "$QEMU_SYSROOT" partition --print
}

# size_bytes 256M -> 268435456 (memmap= sizes: plain, K, M or G).
size_bytes() {
	local n=${1%[KkMmGg]}
	case $1 in
	*[Kk]) echo $((n << 10)) ;;
	*[Mm]) echo $((n << 20)) ;;
	*[Gg]) echo $((n << 30)) ;;
	*) echo $((n)) ;;
	esac
}

# reservations PARAMS: one "START END" line (inclusive, decimal) for every
# SIZE$ADDR in PARAMS' memmap=, also in lists (memmap=SIZE$ADDR,SIZE$ADDR).
reservations() {
	local w r size addr regions
	for w in $1; do
		case $w in
		memmap=*\$*) ;;
		*) continue ;;
		esac
		IFS=, read -ra regions <<<"${w#memmap=}"
		for r in "${regions[@]}"; do
			size=$(size_bytes "${r%%\$*}")
			addr=${r#*\$}
			echo "$((addr)) $((addr + size - 1))"
		done
	done
}

# param_value PARAMS NAME: the value of NAME=... in PARAMS.
param_value() {
	local w
	for w in $1; do
		[ "${w%%=*}" = "$2" ] && { echo "${w#*=}"; return 0; }
	done
	return 1
}

# assert_reserved_in_iomem IOMEM PARAMS: every reservation lies inside a
# top-level "Reserved" range of /proc/iomem (adjacent ones may be merged).
assert_reserved_in_iomem() {
	local iomem=$1 params=$2 start end line s e found
	[ -n "$(reservations "$params")" ] || fail "no memmap= reservations in: $params"
	while read -r start end; do
		found=0
		while IFS= read -r line; do
			[[ $line =~ ^([0-9a-f]+)-([0-9a-f]+)\ :\ Reserved$ ]] || continue
			s=$((16#${BASH_REMATCH[1]}))
			e=$((16#${BASH_REMATCH[2]}))
			if [ "$s" -le "$start" ] && [ "$e" -ge "$end" ]; then
				found=1
				break
			fi
		done <<< "$iomem"
		[ "$found" -eq 1 ] ||
			fail "$(printf 'reservation %#x-%#x is not Reserved in /proc/iomem:\n%s' "$start" "$end" "$iomem")"
	done < <(reservations "$params")
}

# firmware_ram_bytes: System RAM of the QEMU machine's firmware memory map.
firmware_ram_bytes() {
	local d total=0
	for d in "$QEMU_SYSROOT"/sys/firmware/memmap/*; do
		[ "$(cat "$d/type")" = "System RAM" ] || continue
		total=$((total + $(cat "$d/end") - $(cat "$d/start") + 1))
	done
	echo "$total"
}

# reserved_ram_bytes PARAMS: bytes of firmware RAM that the reservations take.
reserved_ram_bytes() {
	local start end d s e lo hi total=0
	while read -r start end; do
		for d in "$QEMU_SYSROOT"/sys/firmware/memmap/*; do
			[ "$(cat "$d/type")" = "System RAM" ] || continue
			s=$(($(cat "$d/start")))
			e=$(($(cat "$d/end")))
			lo=$((start > s ? start : s))
			hi=$((end < e ? end : e))
			[ "$hi" -lt "$lo" ] || total=$((total + hi - lo + 1))
		done
	done < <(reservations "$1")
	echo "$total"
}

# mem_total_kb NODE: MemTotal of /proc/meminfo, in kB.
mem_total_kb() {
	on "$1" 'cat /proc/meminfo' | awk '$1 == "MemTotal:" { print $2 }'
}

# assert_partitioned NODE PARAMS: the node runs with PARAMS in effect.
assert_partitioned() {
	local node=$1 params=$2 cores
	run on "$node" 'cat /proc/cmdline'
	assert_success
	assert_output --partial "$params"

	cores=$(param_value "$params" maxcpus) || fail "no maxcpus= in: $params"
	run on "$node" 'cat /sys/devices/system/cpu/online; grep -c ^processor /proc/cpuinfo; nproc'
	assert_success
	assert_output "$(printf '0-%d\n%d\n%d' $((cores - 1)) "$cores" "$cores")"

	run on "$node" 'cat /proc/iomem'
	assert_success
	assert_reserved_in_iomem "$output" "$params"
	assert_kernel_outside_reservations "$output" "$params"
}

# assert_kernel_outside_reservations IOMEM PARAMS: node 0's own kernel image
# (Kernel code/rodata/data/bss in /proc/iomem) overlaps no reservation, or
# another node would overwrite it.
assert_kernel_outside_reservations() {
	local iomem=$1 params=$2 line s e start end
	while IFS= read -r line; do
		[[ $line =~ ^\ +([0-9a-f]+)-([0-9a-f]+)\ :\ Kernel ]] || continue
		s=$((16#${BASH_REMATCH[1]}))
		e=$((16#${BASH_REMATCH[2]}))
		while read -r start end; do
			[ "$e" -lt "$start" ] || [ "$s" -gt "$end" ] ||
				fail "$(printf 'node 0 kernel %s overlaps reservation %#x-%#x' "$line" "$start" "$end")"
		done < <(reservations "$params")
	done <<< "$iomem"
}
