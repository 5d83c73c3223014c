#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# A node image with the user's own software, as bootcfg/examples/ssh-node
# builds it: bootcfg/mkinitramfs.sh with --package dropbear-bin (fetched
# from the apt sources) and the example's overlay plus an authorized key.
# Node 1 boots that image; node 0 logs in over VNI with the key and runs a
# command, and a key the image does not list is refused.

bats_load_library bats-support
bats_load_library bats-assert
load ../qemu/vm
load ../secondary/node
load ../vni-net/vni

CONF=$(machine_conf 2node)
NODE_MINTCTL=$(node0_mintctl "$CONF")
IMAGE=/boot/node1-ssh.cpio.gz

setup_file() {
	local dir=$BATS_FILE_TMPDIR
	dropbearkey -t ed25519 -f "$dir/id_node0" | grep '^ssh-ed25519 ' > "$dir/node0.pub"
	dropbearkey -t ed25519 -f "$dir/id_other" > /dev/null
	cp -a bootcfg/examples/ssh-node/overlay "$dir/overlay"
	install -D -m 0600 "$dir/node0.pub" "$dir/overlay/root/.ssh/authorized_keys"
	if ! bootcfg/mkinitramfs.sh -o "$dir/node1-ssh.cpio.gz" --node node1 \
		--mintctl build/mintctl/mintctl \
		--file build/vni-module/vni.ko:/lib/modules/mint/vni.ko \
		--file vni/vni-at-boot.sh:/etc/mint/rc.d/vni.sh \
		--package dropbear-bin --overlay "$dir/overlay" \
		--cache build/debs > "$dir/mkinitramfs.log" 2>&1; then
		sed 's/^/# /' "$dir/mkinitramfs.log" >&3
		return 1
	fi
	sed 's/^/# /' "$dir/mkinitramfs.log" >&3
	N1_ADDR=$(plan_json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["nodes"][1]["address"].split("/")[0])')
	export N1_ADDR
	vm_start ssh-node --conf "$CONF" \
		--extra-initrd-file "$dir/node1-ssh.cpio.gz:$IMAGE" \
		--extra-initrd-file "$dir/id_node0:/root/.ssh/id_node0" \
		--extra-initrd-file "$dir/id_other:/root/.ssh/id_other"
}

teardown_file() {
	vm_stop
}

teardown() {
	vm_log_on_failure
}

@test "node 1 boots the image with dropbear in it, and its rc.d hook starts the server" {
	run on node0 "$NODE_MINTCTL net up"
	assert_success
	boot_node node1 --initrd "$IMAGE"
	run "$MINTVM" log node1
	assert_output --partial "mint: sshd: dropbear listening on port 22"
	run on node1 'cat /run/dropbear.pid && ls -l /root/.ssh/authorized_keys'
	assert_success
	assert_line --index 1 --regexp '^-rw------- '
	wait_carrier node0 1 10
	wait_carrier node1 1 10
}

@test "node 0 logs into node 1 over VNI with its key and runs a command" {
	run on node0 -t 120 "dbclient -y -i /root/.ssh/id_node0 root@$N1_ADDR 'uname -n; cat /sys/firmware/mint/node_id; echo via \$SSH_CONNECTION' 2>/tmp/dbclient.err; echo rc=\$?; cat /tmp/dbclient.err"
	assert_success
	assert_line --index 0 node1
	assert_line --index 1 1
	# The connection came from node 0's VNI address to node 1's, port 22.
	assert_line --index 2 --regexp "^via 10\\.[0-9.]+ [0-9]+ $N1_ADDR 22$"
	assert_line --index 3 rc=0
	# It went over vni0: node 1 received frames from node 0.
	[ "$(vni_stat node1 rx_queue_0_packets)" -gt 0 ] || fail "node 1's vni0 received nothing from node 0"
}

@test "a key node 1's image does not list is refused, and runs nothing" {
	# No ~/.ssh/id_dropbear on node 0: dbclient would offer that one too.
	run on node0 'test ! -e /root/.ssh/id_dropbear'
	assert_success
	run on node0 -t 120 "dbclient -y -i /root/.ssh/id_other root@$N1_ADDR 'echo ran-on-node1' 2>&1; echo rc=\$?"
	refute_output --partial ran-on-node1
	assert_output --regexp 'rc=[1-9]'
	assert_output --partial "No auth methods could be used"
}
