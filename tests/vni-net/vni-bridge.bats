#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# VNI as a switch port: MACs that are not a node's own (a container behind
# a bridge, a macvlan, a LAN host that node 0 bridges in) are flooded to
# every peer until a frame from them teaches VNI where they sit. And the
# way out: a secondary reaches a LAN behind node 0, bridged or routed. A
# veth pair in a network namespace on node 0 plays the LAN.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load vni

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")
N1_LL=fe80::4d:49ff:fe4e:5401

setup_file() {
	vm_start vni-bridge --conf "$CONF"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

# routed_lan NS UPLINK NET: a LAN on node 0 in namespace NS, reached through
# veth UPLINK: node 0 is NET.1, the LAN host NET.2 (a /24, no routes).
routed_lan() {
	run on node0 "ip netns add $1 && ip link add $2 type veth peer name eth0 netns $1 &&
		ip addr add $3.1/24 dev $2 && ip link set $2 up &&
		ip -n $1 addr add $3.2/24 dev eth0 && ip -n $1 link set eth0 up && echo ok"
	assert_output ok
}

@test "VNI comes up on node 0 and node 1" {
	vni_up_two_nodes
}

@test "a macvlan on node 1's vni0, in its own namespace, is reached from node 0" {
	local learned
	learned=$(vni_stat node0 fdb_learned)
	run on node1 'ip netns add mv && ip link add mv0 link vni0 address 02:00:00:00:4d:01 type macvlan mode bridge &&
		ip link set mv0 netns mv && ip -n mv addr add 10.77.0.60/24 dev mv0 && ip -n mv link set mv0 up && echo ok'
	assert_output ok
	run on node0 'ping -c 3 -W 3 10.77.0.60'
	assert_success
	(( $(vni_stat node0 fdb_learned) > learned ))
	run on node1 'ip netns exec mv ping -c 2 -W 3 10.77.0.1'
	assert_success
	run on node1 'ip netns del mv; sleep 0.2; ip link show mv0 2>/dev/null; echo gone'
	assert_output gone
}

@test "a container behind a bridge on node 1: node 0 floods to its unknown MAC, then learns it" {
	local flooded learned
	run on node1 'ip link add br0 type bridge &&
		ip link set br0 address $(cat /sys/class/net/vni0/address) &&
		ip addr flush dev vni0 && ip link set vni0 master br0 &&
		ip addr add 10.77.0.2/24 dev br0 && ip link set br0 up &&
		ip netns add c1 && ip netns exec c1 sysctl -qw net.ipv6.conf.default.disable_ipv6=1 &&
		ip link add veth-c1 type veth peer name eth0 netns c1 &&
		ip link set veth-c1 master br0 && ip link set veth-c1 up &&
		ip -n c1 link set eth0 address 02:00:00:00:c1:01 &&
		ip -n c1 addr add 10.77.0.50/24 dev eth0 && ip -n c1 link set eth0 up && echo ok'
	assert_output ok
	# The container is silent (no IPv6, so no ND or MLD) and node 0 skips
	# ARP: its first frame goes to a MAC VNI has never seen.
	run on node0 'ip neigh replace 10.77.0.50 lladdr 02:00:00:00:c1:01 dev vni0 nud permanent'
	assert_success
	flooded=$(vni_stat node0 tx_flooded)
	learned=$(vni_stat node0 fdb_learned)
	run on node0 'ping -c 3 -W 3 10.77.0.50'
	assert_success
	(( $(vni_stat node0 tx_flooded) > flooded ))
	(( $(vni_stat node0 fdb_learned) > learned ))
	# Once learned, frames go to node 1's queue, not to everyone.
	flooded=$(vni_stat node0 tx_flooded)
	run on node0 'ping -c 3 -W 3 10.77.0.50'
	assert_success
	assert_equal "$(vni_stat node0 tx_flooded)" "$flooded"
	# Node 1 itself, now on br0, and the container's way back.
	run on node0 'ping -c 2 -W 3 10.77.0.2'
	assert_success
	run on node1 'ip netns exec c1 ping -c 2 -W 3 10.77.0.1'
	assert_success
	run on node0 'iperf3 -s -1 -D; sleep 0.3'
	run on node1 -t 60 'ip netns exec c1 iperf3 -c 10.77.0.1 -t 1 -f m 2>&1 | tail -3'
	assert_output --partial receiver
}

@test "the way out, bridged: node 0 bridges vni0 with its LAN port; node 1 reaches a LAN host" {
	run on node0 'ip netns add lan && ip link add uplink0 type veth peer name eth0 netns lan &&
		ip -n lan addr add 10.77.0.100/24 dev eth0 && ip -n lan link set eth0 up &&
		ip link add br0 type bridge && ip link set br0 address $(cat /sys/class/net/vni0/address) &&
		ip addr flush dev vni0 && ip link set vni0 master br0 && ip link set uplink0 master br0 &&
		ip link set uplink0 up && ip addr add 10.77.0.1/24 dev br0 && ip link set br0 up && echo ok'
	assert_output ok
	run on node1 'ping -c 3 -W 3 10.77.0.100'
	assert_success
	# And the LAN host reaches the container behind node 1's bridge.
	run on node0 'ip netns exec lan ping -c 2 -W 3 10.77.0.50'
	assert_success
	run on node0 'ip netns exec lan iperf3 -s -1 -D; sleep 0.3'
	run on node1 -t 60 'iperf3 -c 10.77.0.100 -t 1 -f m 2>&1 | tail -3'
	assert_output --partial receiver
}

@test "the way out, routed: node 0 forwards between vni0 and another LAN; node 1 routes through it" {
	routed_lan lan2 uplink1 192.168.50
	run on node0 'ip -n lan2 route add default via 192.168.50.1 && sysctl -qw net.ipv4.ip_forward=1 && echo ok'
	assert_output ok
	run on node1 'ip route add 192.168.50.0/24 via 10.77.0.1 && ping -c 3 -W 3 192.168.50.2'
	assert_success
	run on node0 'ip netns exec lan2 iperf3 -s -1 -D; sleep 0.3'
	run on node1 -t 60 'iperf3 -c 192.168.50.2 -t 1 -f m 2>&1 | tail -3'
	assert_output --partial receiver
}

@test "the way out, routed with NAT: a LAN that has no route back to the nodes still answers" {
	routed_lan lan3 uplink2 192.168.51
	run on node1 'ip route add 192.168.51.0/24 via 10.77.0.1 && ping -c 2 -W 2 192.168.51.2'
	assert_failure
	run on node0 'nft add table ip mint &&
		nft add chain ip mint post "{ type nat hook postrouting priority 100; }" &&
		nft add rule ip mint post oifname uplink2 masquerade && echo ok'
	assert_output ok
	run on node1 'ping -c 3 -W 3 192.168.51.2'
	assert_success
	run on node0 'ip netns exec lan3 iperf3 -s -1 -D; sleep 0.3'
	run on node1 -t 60 'iperf3 -c 192.168.51.2 -t 1 -f m 2>&1 | tail -3'
	assert_output --partial receiver
	assert_dmesg_clean node0
	assert_dmesg_clean node1
}

@test "out of the bridge again: after 'ip link del br0', net up gives node 1's vni0 its addresses back" {
	run on node1 "ip link del br0 && ip link set vni0 down && mintctl net up && for i in \$(seq 30); do ip -6 addr show dev vni0 | grep -q '$N1_LL' && ! ip -6 addr show dev vni0 | grep -q tentative && exit 0; sleep 0.1; done; exit 1"
	assert_success
	run on node0 "ping -c 2 -W 3 10.77.0.2 && ping6 -c 2 -W 3 -I br0 $N1_LL"
	assert_success
}
