# SPDX-License-Identifier: GPL-2.0-only
#
# The VNI network driver, built out of tree against the project's kernel
# (build/kernel/src) with W=1. The sources are copied under build/ so the
# tree stays clean; the module goes into every node's image.

VNI_MOD_DIR := $(BUILD)/vni-module
VNI_MOD_SRC := vni/Kbuild $(wildcard vni/driver/*.c vni/driver/*.h) \
	       $(wildcard vni/core/*.c vni/core/*.h)

$(VNI_MOD_DIR)/vni.ko: $(VNI_MOD_SRC) $(BUILD)/kernel/stamp
	@rm -rf $(VNI_MOD_DIR) && mkdir -p $(VNI_MOD_DIR)
	cp -r vni/Kbuild vni/core vni/driver $(VNI_MOD_DIR)/
	$(MAKE) --no-print-directory -s -C $(BUILD)/kernel/src M=$(CURDIR)/$(VNI_MOD_DIR) W=1 modules

.PHONY: vni-module
vni-module: $(VNI_MOD_DIR)/vni.ko

CHECK_PREREQS += vni-module

# udpframe: one UDP frame with a right or wrong checksum from a packet
# socket, for the checksum tests; static, for the busybox image.
VNI_UDPFRAME := $(BUILD)/vni-net/udpframe
$(VNI_UDPFRAME): tests/vni-net/udpframe.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_STD) -static -o $@ $<

CHECK_PREREQS += $(VNI_UDPFRAME)
INITRAMFS_NODE0_FILES += $(VNI_UDPFRAME):/usr/bin/udpframe
INITRAMFS_FILES += $(VNI_MOD_DIR)/vni.ko:/lib/modules/mint/vni.ko
INITRAMFS_FILES += vni/vni-at-boot.sh:/etc/mint/rc.d/vni.sh
CHECK_SUITES_HOST += tests/vni-net/net-cli.bats
CHECK_SUITES_QEMU += tests/vni-net/vni-net.bats modern:tests/vni-net/vni-net.bats
CHECK_SUITES_QEMU += tests/vni-net/vni-net-3node.bats modern:tests/vni-net/vni-channels.bats
CHECK_SUITES_QEMU += tests/vni-net/vni-net-order.bats
CHECK_SUITES_QEMU += tests/vni-net/vni-csum.bats tests/vni-net/vni-fair.bats \
		tests/vni-net/vni-netns.bats tests/vni-net/vni-mtu.bats \
		tests/vni-net/vni-bridge.bats tests/vni-net/vni-vlan.bats \
		tests/vni-net/vni-queues.bats

# Benchmark (not a test): VNI against veth inside one QEMU machine.
.PHONY: bench-net
bench-net: initramfs
	@bash tests/vni-net/bench-net.sh $(BENCH_NET_SECONDS)

# Benchmark: iperf3 -P 4 over one VNI channel against four (modern machine).
.PHONY: bench-channels
bench-channels: initramfs
	@bash tests/vni-net/bench-channels.sh $(BENCH_NET_SECONDS)

# make install: keep network managers off vni* (mintctl net configures it).
INSTALL_STEPS += install-vni-dist
.PHONY: install-vni-dist
install-vni-dist:
	$(INSTALL) -D -m 0644 vni/dist/10-mint-vni.network \
		$(DESTDIR)$(PREFIX)/lib/systemd/network/10-mint-vni.network
	$(INSTALL) -D -m 0644 vni/dist/90-mint-vni.conf \
		$(DESTDIR)$(SYSCONFDIR)/NetworkManager/conf.d/90-mint-vni.conf
