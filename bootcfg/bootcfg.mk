# SPDX-License-Identifier: GPL-2.0-only
#
# Node images for the QEMU test machine (bootcfg/mkinitramfs.sh), the node-0
# integration suites, and `make qemu-shell`.
#
#   make initramfs    build/initramfs/node1.cpio.gz and node0.cpio.gz
#   make qemu-shell   boot the QEMU machine, node 0 partitioned, and attach
#                     to node 0's console (Ctrl-] leaves and stops it)
#   make demo-qemu    (part of make demo) boot node 0 and node 1, report

INITRAMFS_DIR := $(BUILD)/initramfs
# mintctl comes from the mint-tools package (make deb, in dist.mk), so
# every integration test runs the packaged binary.
INITRAMFS_TOOLS_DEB = $(DEB_TOOLS)
INITRAMFS_KERNEL := $(BUILD)/kernel/bzImage
INITRAMFS_MODULES := $(BUILD)/kernel/modules
# The layout node 0's image uses as /etc/mint/mint.conf.
QEMU_CONF ?= bootcfg/qemu-2node.conf
# The test machine of make demo and qemu-shell (tests/qemu/README.md), and
# the layout they boot: the machine's 2-node example unless DEMO_CONF is set.
MINT_MACHINE ?= pc
export MINT_MACHINE
DEMO_CONF_pc := bootcfg/qemu-2node.conf
DEMO_CONF_modern := bootcfg/qemu-modern-2node.conf
DEMO_CONF ?= $(DEMO_CONF_$(MINT_MACHINE))

# Where node 0's image keeps the secondaries' initramfs: the [nodeN] initrd
# key of bootcfg/qemu-*.conf. Every secondary shares it; its kernel command
# line (console=ttySN) and /sys/firmware/mint tell it which node it is.
NODE_INITRD_PATH := /boot/node-initrd.cpio.gz

# Other fragments append SRC:/DEST words: files for every node's image, and
# for node 0's only. Prerequisites are expanded a second time, so fragments
# included after this one count too.
INITRAMFS_FILES +=
INITRAMFS_NODE0_FILES +=

INITRAMFS_INPUTS := bootcfg/mkinitramfs.sh $(wildcard bootcfg/initramfs/*) \
		    $(INITRAMFS_KERNEL)
initramfs_sources = $(foreach f,$(1),$(firstword $(subst :, ,$(f))))
initramfs_common_args = --package $(INITRAMFS_TOOLS_DEB) --cache $(BUILD)/debs \
	--modules $(INITRAMFS_MODULES) \
	$(foreach c,$(wildcard bootcfg/*.conf),--file $(c):/etc/mint/) \
	$(foreach f,$(INITRAMFS_FILES),--file $(f))

.SECONDEXPANSION:

$(INITRAMFS_DIR)/node1.cpio.gz: $(INITRAMFS_INPUTS) $$(INITRAMFS_TOOLS_DEB) $$(wildcard bootcfg/*.conf) \
		$$(call initramfs_sources,$$(INITRAMFS_FILES))
	@bash bootcfg/mkinitramfs.sh -o $@ --node node1 $(initramfs_common_args)

$(INITRAMFS_DIR)/node0.cpio.gz: $(INITRAMFS_DIR)/node1.cpio.gz $(INITRAMFS_INPUTS) $$(INITRAMFS_TOOLS_DEB) \
		$$(wildcard bootcfg/*.conf) $$(call initramfs_sources,$$(INITRAMFS_FILES)) \
		$$(call initramfs_sources,$$(INITRAMFS_NODE0_FILES))
	@bash bootcfg/mkinitramfs.sh -o $@ --node node0 $(initramfs_common_args) \
		--file $(QEMU_CONF):/etc/mint/mint.conf \
		--file $(INITRAMFS_KERNEL):/boot/bzImage \
		--file $(INITRAMFS_DIR)/node1.cpio.gz:$(NODE_INITRD_PATH) \
		$(foreach f,$(INITRAMFS_NODE0_FILES),--file $(f))

# The kernel's build script has its own cache; run it first, then look at
# its outputs afresh in a sub-make (so this also works with make -j).
.PHONY: initramfs qemu-shell demo-qemu
initramfs: kernel
	@$(MAKE) --no-print-directory $(INITRAMFS_DIR)/node0.cpio.gz

qemu-shell: initramfs
	@MINTVM_DIR=$(CURDIR)/$(BUILD)/qemu/shell; export MINTVM_DIR; \
	tests/qemu/mintvm stop; \
	tests/qemu/mintvm start --machine $(MINT_MACHINE) --conf $(DEMO_CONF) && tests/qemu/mintvm attach node0; \
	tests/qemu/mintvm stop

# Demo: boot node 0 partitioned under QEMU, start node 1, report.
demo-qemu: initramfs
	@bash tests/qemu/demo.sh $(DEMO_CONF)

DEMO_STEPS += demo-qemu
CHECK_PREREQS += initramfs
# What only the modern machine can show (UEFI, x2APIC, NUMA, 4 nodes).
CHECK_SUITES_QEMU += modern:tests/integration/modern.bats modern:tests/integration/modern-4node.bats
# The node images, checked on the host (chroot into each, no QEMU), and
# the harness's state files and locks, without a VM.
CHECK_SUITES_HOST += tests/qemu/images.bats tests/qemu/harness-state.bats
CHECK_SUITES_QEMU += tests/qemu/harness.bats tests/integration/ssh-node.bats \
		tests/integration/node0-boot.bats tests/integration/node0-boot-3node.bats \
		tests/integration/node0-kexec.bats tests/integration/node0-update.bats \
		tests/integration/node0-update-3node.bats modern:tests/integration/node0-update.bats \
		modern:tests/integration/node0-boot.bats modern:tests/integration/node0-kexec.bats
