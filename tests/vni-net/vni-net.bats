#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# The VNI driver between node 0 and node 1 under QEMU. Node 0
# brings VNI up with `mintctl net up` (it formats the VNI area), then boots
# node 1, whose image brings VNI up at boot. Unmodified ping, nc and iperf3
# talk across the two kernels; stopping node 1 drops the carrier, booting it
# again brings the link back.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")
N0=10.77.0.1
N1=10.77.0.2
N0_LL=fe80::4d:49ff:fe4e:5400
N1_LL=fe80::4d:49ff:fe4e:5401

setup_file() {
	# The module parameters that the plan gives node 0: the shared region
	# (decimal), and each node's doorbell, its first APIC ID (0,2 on pc).
	VNI_PARAMS="$(($(plan_value 'p["shared_region"]["start"]'))) $(($(plan_value 'p["shared_region"]["size"]')))"
	VNI_PARAMS+=" 0 $(($(plan_value 'len(p["nodes"])'))) 512 4096 2048"
	VNI_PARAMS+=" $(plan_list '[n["apic_ids"][0] for n in p["nodes"]]')"
	export VNI_PARAMS
	vm_start vni-net --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "vni refuses a shared_base in node 0's own RAM (it would format it) and loads nothing" {
	local ram
	# 16 MiB into node 0's biggest range: its own RAM.
	ram=$(($(plan_value 'max(p["nodes"][0]["memory"], key=lambda r: r["size"])["start"] + (16 << 20)')))
	run on node0 "set -- $VNI_PARAMS; insmod /lib/modules/mint/vni.ko shared_base=$ram shared_size=\$2 node_id=0 nr_nodes=\$4 apic_ids=\$8; echo \"rc \$?\"; grep -c '^vni ' /proc/modules; dmesg | tail -3"
	assert_line --regexp '^rc [1-9]'
	assert_line 0
	assert_line --partial "vni: shared region $(printf '%#x' "$ram")+$(printf '%#x' "$(echo "$VNI_PARAMS" | cut -d' ' -f2)") overlaps this kernel's RAM"
	run on node0 'nproc; echo alive'
	assert_line alive
}

@test "mintctl net up on node 0 loads vni with the plan's geometry and names vni0 by node id" {
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	assert_output "vni0: node 0, mtu 1500, 10.77.0.1/24"
	run on node0 'cd /sys/module/vni/parameters && echo $(cat shared_base shared_size node_id nr_nodes ring_entries slot_size pool_slots apic_ids)'
	assert_success
	assert_output "$VNI_PARAMS"
	run on node0 'ip -d link show vni0'
	assert_success
	assert_output --partial "link/ether 02:4d:49:4e:54:00 brd ff:ff:ff:ff:ff:ff"
	assert_output --partial "minmtu 68 maxmtu 65535"
	assert_output --partial "numtxqueues 2"
	run on node0 'ip -4 addr show vni0'
	assert_output --partial "inet 10.77.0.1/24"
}

@test "vni0 offers HW_CSUM, RXCSUM, SG, TSO and GRO, and takes MTUs 68..65535 only" {
	run on node0 'ethtool -k vni0'
	assert_success
	assert_line "rx-checksumming: on"
	assert_line "tx-checksumming: on"
	assert_line "scatter-gather: on"
	assert_line "tcp-segmentation-offload: on"
	assert_line "generic-receive-offload: on"
	run on node0 'ip link set vni0 mtu 65535 && ip link set vni0 mtu 68 && echo ok; ip link set vni0 mtu 67 || echo refused67; ip link set vni0 mtu 65536 || echo refused65536; ip link set vni0 mtu 1500'
	assert_line ok
	assert_line refused67
	assert_line refused65536
}

@test "with no peer the carrier stays down; ethtool -i names the driver and -S counts" {
	run on node0 'sleep 1; cat /sys/class/net/vni0/carrier; ethtool -i vni0; ethtool -S vni0'
	assert_success
	assert_line 0
	assert_line "driver: vni"
	assert_line "bus-info: mint-shared-region"
	assert_line --regexp "^ +rx_bad_desc: 0$"
	assert_line --regexp "^ +peer_resets: 0$"
	run on node0 "$NODE_MINTCTL --json net status"
	assert_output --partial '"carrier":false'
}

@test "node 1 brings VNI up at boot and both carriers come up within 2 s" {
	boot_node node1
	run on node1 'mintctl net status'
	assert_success
	assert_line --regexp "^vni0: up, carrier on, mtu 1500, mac 02:4d:49:4e:54:01, address 10.77.0.2$"
	wait_carrier node0 1 2
}

@test "ping over IPv4 and IPv6 works both ways" {
	run on node0 "ping -c 3 -W 5 $N1 && ping6 -c 3 -W 5 -I vni0 $N1_LL"
	assert_success
	assert_output --partial "3 packets received, 0% packet loss"
	run on node1 "ping -c 3 -W 5 $N0 && ping6 -c 3 -W 5 -I vni0 $N0_LL"
	assert_success
	refute_output --partial "100% packet loss"
}

@test "TCP string test: node 1 sends a known string with nc and node 0 prints exactly it" {
	run on node0 'rm -f /tmp/str; (nc -l -p 5000 > /tmp/str 2>&1; touch /tmp/str.done) >/dev/null 2>&1 & sleep 0.5'
	run on node1 "echo 'mint says hello across kernels' | nc -q 1 $N0 5000"
	assert_success
	run on node0 'for i in $(seq 50); do [ -e /tmp/str.done ] && break; sleep 0.1; done; cat /tmp/str'
	assert_success
	assert_output "mint says hello across kernels"
}

@test "iperf3 TCP completes in both directions" {
	run on node0 'iperf3 -s -D --pidfile /tmp/iperf3.pid; sleep 0.5'
	run on node1 -t 90 "iperf3 -c $N0 -t 5 -f m"
	assert_success
	assert_output --partial "iperf Done."
	echo "# node1 -> node0: $(grep receiver <<< "$output" | awk '{print $7, $8}')" >&3
	run on node1 -t 90 "iperf3 -c $N0 -t 5 -f m -R"
	assert_success
	assert_output --partial "iperf Done."
	echo "# node0 -> node1: $(grep receiver <<< "$output" | awk '{print $7, $8}')" >&3
}

@test "iperf3 UDP at 10 Mbit/s loses nothing" {
	# Under TCG the server is sometimes not scheduled for a while: give its
	# socket room, so the test measures VNI and not the receive buffer.
	run on node0 'sysctl -qw net.core.rmem_max=8388608 net.core.rmem_default=4194304'
	assert_success
	run on node1 -t 90 "iperf3 -c $N0 -u -b 10M -t 5"
	assert_success
	echo "# $(grep receiver <<< "$output")" >&3
	assert_line --regexp "receiver$"
	assert_line --regexp " 0/[0-9]+ \(0%\) +receiver$"
}

@test "a 64 MiB random file crosses with a matching sha256" {
	run on node1 -t 60 'dd if=/dev/urandom of=/tmp/big bs=1M count=64 2>/dev/null && sha256sum < /tmp/big'
	assert_success
	local sum=${output%% *}
	run on node0 'rm -f /tmp/big /tmp/big.done; (nc -l -p 5001 > /tmp/big; touch /tmp/big.done) >/dev/null 2>&1 & sleep 0.5'
	run on node1 -t 120 "nc -q 1 $N0 5001 < /tmp/big && rm /tmp/big"
	assert_success
	run on node0 -t 60 'for i in $(seq 300); do [ -e /tmp/big.done ] && break; sleep 0.1; done; sha256sum < /tmp/big; rm -f /tmp/big'
	assert_success
	assert_output "$sum  -"
}

@test "hostile peer: garbage in node 1's ring and producer line is counted and dropped, never a crash" {
	run on node1 "ping -i 0.002 -s 3000 -c 100000 $N0 >/dev/null 2>&1 & echo \$! > /tmp/flood.pid; sleep 1"
	# Pair (1, 0) of the VNI area (vni/LAYOUT.md section 4): its descriptors
	# and producer index rewritten with random bytes through the launcher
	# while node 1 sends.
	run on node0 -t 100 'cd /sys/module/vni/parameters; base=$(cat shared_base); n=$(cat nr_nodes); re=$(cat ring_entries)
		R=$((4096 + (n * 128 + 4095) / 4096 * 4096)); P=$(( (256 + re * 32 + 127) / 128 * 128 ))
		pair=$((base + 65536 + R + (1 * n + 0) * P))
		for i in $(seq 40); do
			head -c $((re * 32)) /dev/urandom > /tmp/g; mint-launch write $((pair + 256)) /tmp/g >/dev/null || exit 1
			# prod alone (offset 64): the session stays, the index is out of range.
			head -c 4 /dev/urandom > /tmp/p; mint-launch write $((pair + 64)) /tmp/p >/dev/null || exit 1
			sleep 0.05
		done; ethtool -S vni0'
	assert_success
	local bad
	bad=$(awk '$1 == "rx_bad_desc:" || $1 == "rx_bad_index:" { s += $2 } END { print s + 0 }' <<< "$output")
	echo "# bad descriptors and indices counted: $bad" >&3
	[ "$bad" -gt 0 ]
	run on node1 'kill $(cat /tmp/flood.pid)'
	assert_dmesg_clean node0
	# The pair is rebuilt with a fresh session: node 1 rebinds within its
	# bind timeout (1 s) of the last garbage, later on a loaded host. Wait
	# (at most 10 s) for the first reply, then traffic flows without loss.
	run on node0 -t 30 "for i in \$(seq 10); do ping -c 1 -W 1 $N1 >/dev/null && break; done; ping -c 3 -W 5 $N1"
	assert_success
	assert_output --partial "received, 0% packet loss"
}

@test "stopping node 1 during iperf3 drops node 0's carrier within 1 s, no oops, nothing stuck" {
	run on node1 "iperf3 -s -D --pidfile /tmp/iperf3.pid; sleep 0.5"
	run on node0 "iperf3 -c $N1 -t 60 > /tmp/ip.log 2>&1 & echo \$! > /tmp/client.pid; sleep 3"
	run on node0 -t 60 "$NODE_MINTCTL shutdown node1 --force >/dev/null; "'read t0 _ < /proc/uptime
		while [ "$(cat /sys/class/net/vni0/carrier)" = 1 ]; do sleep 0.02; done
		read t1 _ < /proc/uptime; echo "$t0 $t1" | awk "{ printf \"%d\n\", (\$2 - \$1) * 1000 }"'
	assert_success
	echo "# carrier down after ${output} ms" >&3
	[ "$output" -le 1000 ]
	run on node0 'kill $(cat /tmp/client.pid); sleep 1; kill -0 $(cat /tmp/client.pid) 2>/dev/null && echo stuck; grep -l "^State:.*D (disk sleep)" /proc/[0-9]*/status; echo alive'
	assert_success
	assert_output "alive"
	assert_dmesg_clean node0
	run on node0 'ethtool -S vni0'
	assert_line --regexp "^ +peer_resets: [1-9][0-9]*$"
}

@test "booting node 1 again brings the link back and iperf3 works again" {
	boot_node node1
	wait_carrier node0 1 3
	run on node0 "kill \$(cat /tmp/iperf3.pid) 2>/dev/null; sleep 0.5; iperf3 -s -D --pidfile /tmp/iperf3.pid; sleep 0.5"
	run on node1 -t 90 "ping -c 2 -W 5 $N0 && iperf3 -c $N0 -t 3"
	assert_success
	assert_output --partial "iperf Done."
}

@test "mintctl net down on node 0 under traffic unloads the module cleanly" {
	run on node1 "ping -i 0.01 -c 100000 $N0 >/dev/null 2>&1 & sleep 1"
	run on node0 "$NODE_MINTCTL net down && ! grep -q '^vni ' /proc/modules && $NODE_MINTCTL net status"
	assert_success
	assert_line "vni0: not present (mintctl net up)"
	assert_dmesg_clean node0
	wait_carrier node1 0 2
}

@test "node 0 formatting the VNI area anew for another geometry: node 1 notices, detaches and says why, then joins again once reloaded" {
	# Node 0's vni is unloaded (net down above); load it by hand with
	# ring_entries=256, which formats the area for that geometry.
	run on node0 "set -- $VNI_PARAMS; insmod /lib/modules/mint/vni.ko shared_base=\$1 shared_size=\$2 node_id=0 nr_nodes=\$4 ring_entries=256 apic_ids=\$8 && ip link set vni0 up"
	assert_success
	run on node1 -t 30 "for i in \$(seq 100); do dmesg | grep -q 'giving up on the VNI area' && break; sleep 0.1; done; dmesg | grep vni"
	assert_line --regexp 'the VNI area changed under this node \(.*\): detached, joining again'
	assert_line --partial 'cannot attach to the VNI area: geometry mismatch: ring_entries'
	assert_line --partial 'giving up on the VNI area; reload the module'
	run on node1 'cat /sys/class/net/vni0/vni/attached /sys/class/net/vni0/carrier'
	assert_output "$(printf '0\n0')"
	# Node 0 back on the config's geometry; node 1 reloads and the link works.
	run on node0 "rmmod vni && $NODE_MINTCTL net up"
	assert_success
	run on node1 'mintctl net down && mintctl net up'
	assert_success
	wait_carrier node1 1 5
	run on node1 "ping -c 3 -W 2 $N0"
	assert_success
	assert_dmesg_clean node0
	assert_dmesg_clean node1
}
