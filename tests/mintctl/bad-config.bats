#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# Bad configurations. Each must exit 2 with a message that names the file,
# line, section and key, and write nothing (refute_config runs
# `descriptor -o` and checks that the output directory stays empty).

load helpers

# A 2-node config with node1's section replaced by the given lines.
with_node1() {
	{
		printf '[shared]\nsize = 32M\n\n[node0]\ncores = 0-1\n\n[node1]\n'
		cat
	} > "$CONF"
}

@test "reversed core range is rejected" {
	printf 'cores = 3-2\nmemory = 512M\n' | with_node1
	refute_config "$CONF:8: [node1] cores: \"3-2\": reversed range 3-2"
}

@test "a core listed twice within one node is rejected" {
	printf 'cores = 2-3,3\nmemory = 512M\n' | with_node1
	refute_config "$CONF:8: [node1] cores: \"2-3,3\": core 3 is listed twice"
}

@test "overlapping core ranges of two nodes are rejected" {
	printf 'cores = 1-2\nmemory = 512M\n' | with_node1
	refute_config "$CONF:8: [node1] cores: core 1 already belongs to [node0]"
}

@test "a core beyond the machine is rejected" {
	printf 'cores = 2-5\nmemory = 512M\n' | with_node1
	refute_config "$CONF:8: [node1] cores: core 4 is beyond the machine (present CPUs: 0-3)"
}

@test "node 0 with an empty core list is rejected" {
	conf_2node | sed 's/^cores = 0-1$/cores =/' > "$CONF"
	refute_config "$CONF:15: [node0] cores: \"\": empty core list"
}

@test "node 0 without a cores key is rejected" {
	conf_2node | sed '/^cores = 0-1$/d' > "$CONF"
	refute_config "$CONF:13: [node0] cores: missing: node 0 needs at least one core"
}

@test "node 0 must own cores 0..N-1 so that maxcpus= fits" {
	conf_2node | sed 's/^cores = 0-1$/cores = 1/; s/^cores = 2-3$/cores = 0,2-3/' > "$CONF"
	refute_config "[node0] cores: node 0 must own cores 0-0 so that maxcpus=1 brings up exactly them (got 1)"
}

@test "memory overlapping another node is rejected" {
	conf_2node > "$CONF"
	sed -i 's/^memory = 512M$/memory = 512M@0x40000000/; s/^cores = 2-3$/cores = 2/' "$CONF"
	printf '[node2]\ncores = 3\nmemory = 256M@0x50000000\n' >> "$CONF"
	refute_config "$CONF:31: [node2] memory: memory 0x50000000-0x5fffffff overlaps [node1] memory 0x40000000-0x5fffffff"
}

@test "memory overlapping the shared region is rejected" {
	conf_2node | sed 's/^size = 32M$/size = 32M\nbase = 0x60000000/; s/^memory = 512M$/memory = 512M@0x50000000/' > "$CONF"
	refute_config "[node1] memory: memory 0x50000000-0x6fffffff overlaps [shared] shared region 0x60000000-0x61ffffff"
}

@test "memory in the first 1 MiB is rejected" {
	printf 'cores = 2-3\nmemory = 64M@0x0\n' | with_node1
	refute_config "$CONF:9: [node1] memory: memory 0x0-0x3ffffff overlaps the first 1 MiB"
}

@test "memory over a hole in the memory map is rejected" {
	SYSROOT="$HW"
	printf '[shared]\nsize = 64M\n[node0]\ncores = 0-3\n[node1]\ncores = 4\nmemory = 1G@0x270000000\n' > "$CONF"
	refute_config "$CONF:7: [node1] memory: memory 0x270000000-0x2afffffff overlaps a hole: 0x280000000-0x29fffffff (Reserved)"
}

@test "memory beyond the end of RAM is rejected" {
	printf 'cores = 2-3\nmemory = 512M@0x70000000\n' | with_node1
	refute_config "$CONF:9: [node1] memory: memory 0x70000000-0x8fffffff ends beyond the end of RAM (0x7ffe0000)"
}

@test "a memory size that is not a multiple of 2M is rejected" {
	printf 'cores = 2-3\nmemory = 101M\n' | with_node1
	refute_config "$CONF:9: [node1] memory: size 101M is not a multiple of 2M"
}

@test "a misaligned memory base is rejected" {
	printf 'cores = 2-3\nmemory = 64M@0x40100000\n' | with_node1
	refute_config "$CONF:9: [node1] memory: base 0x40100000 is not 2M-aligned"
}

@test "an absurd memory size is rejected" {
	printf 'cores = 2-3\nmemory = 64G\n' | with_node1
	refute_config "$CONF:9: [node1] memory: size 64G is not less than all of the machine's RAM (2.0G)"
}

@test "a zero memory size is rejected" {
	printf 'cores = 2-3\nmemory = 0\n' | with_node1
	refute_config "$CONF:9: [node1] memory: size must not be zero"
}

@test "more memory than is free is rejected with the largest free piece" {
	printf 'cores = 2-3\nmemory = 2040M\n' | with_node1
	refute_config "$CONF:9: [node1] memory: no free 2M-aligned range of 2040M left in RAM (largest free piece:"
}

@test "a shared region too small for the VNI geometry is rejected" {
	conf_2node | sed 's/^size = 32M$/size = 4M/' > "$CONF"
	refute_config "$CONF:11: [shared] size: 4M is too small: the control block (64K), the VNI area for 2 nodes and 1 console channel of 264K need 16.4M; use at least 18M"
}

@test "a console log that does not fit the shared region asks for a bigger one" {
	conf_2node | sed 's/^size = 32M$/size = 32M\nconsole_log = 16M/' > "$CONF"
	refute_config "$CONF:11: [shared] size: 32M is too small: the control block (64K), the VNI area for 2 nodes and 1 console channel of 16392K need 32.1M; use at least 34M"
	# The same through --set, and a size that fits is planned.
	conf_2node > "$CONF"
	refute_config "[shared] size: 32M is too small" --set shared.console_log=16M
	mint --set shared.console_log=1M plan
	assert_success
	assert_output --partial "console channels: output ring 1M, input ring 4K each"
}

@test "a console log that is not a power of two from 4K to 16M is rejected" {
	for bad in 3K 1000000 32M 0 2k; do
		conf_2node | sed "s/^size = 32M\$/size = 32M\nconsole_log = $bad/" > "$CONF"
		refute_config "$CONF:12: [shared] console_log: \"$bad\": "
	done
	conf_2node | sed 's/^size = 32M$/size = 32M\nconsole_log = 3K/' > "$CONF"
	refute_config "$CONF:12: [shared] console_log: \"3K\": the console log of each node must be a power of two from 4K to 16M"
	conf_2node | sed 's/^size = 32M$/size = 32M\nconsole_lgo = 1M/' > "$CONF"
	refute_config "$CONF:12: [shared] console_lgo: unknown key (expected size, base or console_log)"
}

@test "an invalid VNI geometry is rejected" {
	conf_2node > "$CONF"
	echo 'ring_entries = 100' >> "$CONF"
	refute_config "[vni] bad VNI geometry: ring_entries must be a power of two between 8 and 32768"
}

@test "[vni] queues outside 1..8, or too many for the pool, is rejected" {
	for bad in 0 9 -1 four; do
		conf_2node > "$CONF"
		echo "queues = $bad" >> "$CONF"
		refute_config "[vni] queues: \"$bad\": "
	done
	conf_2node > "$CONF"
	echo 'queues = 9' >> "$CONF"
	refute_config "[vni] queues: \"9\": rings per pair: 1 to 8"
	# 64 slots in 8 parts of 8: short of one 17-slot frame each.
	conf_2node > "$CONF"
	printf 'queues = 8\npool_slots = 64\n' >> "$CONF"
	refute_config "[vni] bad VNI geometry: pool_slots too small for one maximum-size frame (65557 bytes) per queue"
	conf_2node > "$CONF"
	mint --set vni.queues=4 plan
	assert_success
	assert_output --partial "4 queues, ring 512 entries"
}

@test "an unknown key is rejected" {
	printf 'cores = 2-3\nmemroy = 512M\n' | with_node1
	refute_config "$CONF:9: [node1] memroy: unknown key (expected cores, memory, lowmem, name, mac, kernel, initrd, cmdline, autostart or restart)"
}

@test "an unknown section is rejected" {
	conf_2node | sed 's/^\[vni\]$/[network]/' > "$CONF"
	refute_config "$CONF:26: [network] unknown section (expected [shared], [vni] or [nodeN], N from 0 to 63)"
}

@test "a node number with a leading zero is an unknown section" {
	conf_2node | sed 's/^\[node1\]$/[node01]/' > "$CONF"
	refute_config "[node01] unknown section"
}

@test "a duplicate node section is rejected" {
	conf_2node > "$CONF"
	printf '\n[node1]\ncores = 3\nmemory = 64M\n' >> "$CONF"
	refute_config "$CONF:30: [node1] duplicate section (first defined on line 18)"
}

@test "a duplicate key is rejected" {
	printf 'cores = 2-3\nmemory = 512M\nmemory = 256M\n' | with_node1
	refute_config "$CONF:10: [node1] memory: duplicate key (first set on line 9)"
}

@test "two nodes with the same name are rejected" {
	conf_2node | sed 's/^name = node1$/name = node0/' > "$CONF"
	refute_config "$CONF:19: [node1] name: \"node0\" is already the name of [node0]"
}

@test "malformed number 512Q is rejected" {
	printf 'cores = 2-3\nmemory = 512Q\n' | with_node1
	refute_config "$CONF:9: [node1] memory: \"512Q\": unknown size suffix (use K, M, G or T)"
}

@test "malformed number 0x is rejected" {
	conf_2node | sed 's/^size = 32M$/size = 32M\nbase = 0x/' > "$CONF"
	refute_config "$CONF:12: [shared] base: \"0x\": no hex digits after 0x"
}

@test "malformed number -1 is rejected" {
	printf 'cores = 2-3\nmemory = -1\n' | with_node1
	refute_config "$CONF:9: [node1] memory: \"-1\": negative numbers are not allowed"
}

@test "an empty file is rejected" {
	: > "$CONF"
	refute_config "$CONF: empty configuration file"
}

@test "a file of comments only is rejected" {
	printf '# nothing here\n; nor here\n\n' > "$CONF"
	refute_config "$CONF: no sections: the configuration is empty"
}

@test "an unreadable file is rejected" {
	mkdir "$CONF"
	refute_config "$CONF: cannot read configuration: Is a directory"
	CONF="$BATS_TEST_TMPDIR/missing.conf"
	refute_config "$CONF: cannot read configuration: No such file or directory"
}

@test "a line that is neither a section nor a key is a syntax error" {
	conf_2node | sed 's/^memory = 512M$/memory 512M/' > "$CONF"
	refute_config "$CONF:21: syntax error (expected \"[section]\" or \"key = value\")"
}

@test "node ids must be contiguous" {
	conf_2node | sed 's/^\[node1\]$/[node2]/' > "$CONF"
	refute_config "[node2] node ids must be contiguous from 0, but there is no [node1]"
}

@test "VNI addressing with host bits set is rejected" {
	conf_2node | sed 's|^addressing = .*|addressing = 10.77.0.5/24|' > "$CONF"
	refute_config "$CONF:28: [vni] addressing: \"10.77.0.5/24\": host bits are set (did you mean 10.77.0.0/24?)"
}

@test "a multicast MAC is rejected" {
	printf 'cores = 2-3\nmemory = 512M\nmac = 03:00:00:00:00:01\n' | with_node1
	refute_config "$CONF:10: [node1] mac: \"03:00:00:00:00:01\": multicast address"
}

@test "a low window above 0x80000 is rejected" {
	printf 'cores = 2-3\nmemory = 512M\nlowmem = 128K@0x90000\n' | with_node1
	refute_config "$CONF:10: [node1] lowmem: low window 0x90000-0xaffff must lie within 0x10000-0x7ffff"
}

@test "low windows that do not fit below 0x80000 are rejected" {
	SYSROOT="$HW"
	{
		printf '[shared]\nsize = 64M\n[node0]\ncores = 0-3\n'
		for i in 1 2 3 4; do
			printf '[node%d]\ncores = %d\nmemory = 64M\n' $i $((i + 3))
		done
	} > "$CONF"
	refute_config "[node4] lowmem: no room left between 0x20000 and 0x80000 for a 128K low window; use smaller lowmem sizes"
}

@test "node 0 must not be given a memory key" {
	conf_2node | sed 's/^cores = 0-1$/cores = 0-1\nmemory = 1G/' > "$CONF"
	refute_config "$CONF:16: [node0] memory: node 0 keeps all memory not given to other nodes; remove this key"
}

@test "an override with a bad value is rejected and names the command line" {
	CONF="$REPO/bootcfg/qemu-2node.conf"
	refute_config "command line: [node1] cores: \"2-x\": bad core number \"x\": expected a number" --set node1.cores=2-x
	refute_config "command line: [node1] cores: core 4 is beyond the machine" --set node1.cores=2-9
	refute_config "--set node1: expected SECTION.KEY=VALUE" --set node1
}

@test "a secondary without memory is rejected" {
	printf 'cores = 2-3\n' | with_node1
	refute_config "$CONF:7: [node1] memory: missing: give SIZE or SIZE@ADDR, e.g. memory = 512M"
}
