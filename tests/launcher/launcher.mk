# SPDX-License-Identifier: GPL-2.0-only
#
# Launcher tests: the raw 32-bit payload, the mint-launch tool that drives
# /dev/mint inside node 0, and the QEMU suite. Included by kernel-patches/kernel.mk.

LAUNCHER_BUILD := $(BUILD)/launcher
LAUNCHER_UAPI := $(KERNEL_DIR)/src/include/uapi

# Position independent, linked at 0: mint-launch may load it anywhere in a
# node's memory. -N keeps the data right after the code (no page padding).
$(LAUNCHER_BUILD)/payload.bin: tests/launcher/payload.S tests/launcher/payload.h
	@mkdir -p $(@D)
	$(CC) -m32 -c -o $(LAUNCHER_BUILD)/payload.o tests/launcher/payload.S
	ld -m elf_i386 -N -Ttext=0 -e _start --oformat binary -o $@ $(LAUNCHER_BUILD)/payload.o

# Static, for the busybox initramfs; the uapi header comes from the kernel tree.
$(LAUNCHER_BUILD)/mint-launch: tests/launcher/mint-launch.c tests/launcher/payload.h $(KERNEL_DIR)/stamp
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_STD) -static -idirafter $(LAUNCHER_UAPI) -o $@ tests/launcher/mint-launch.c

# The same tool with ASan/UBSan, for the host tests of its argument handling.
$(LAUNCHER_BUILD)/mint-launch-asan: tests/launcher/mint-launch.c tests/launcher/payload.h $(KERNEL_DIR)/stamp
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_STD) $(SANITIZE) -idirafter $(LAUNCHER_UAPI) -o $@ tests/launcher/mint-launch.c

# A module that uses the exported IPI API, built out of tree against the
# kernel tree; the sources are copied so that all output stays under build/.
LAUNCHER_IPI_MOD := $(LAUNCHER_BUILD)/ipi-module
$(LAUNCHER_IPI_MOD)/mint_ipi_test.ko: tests/launcher/ipi-module/mint_ipi_test.c \
		tests/launcher/ipi-module/Kbuild $(KERNEL_DIR)/stamp
	@mkdir -p $(@D)
	cp tests/launcher/ipi-module/mint_ipi_test.c tests/launcher/ipi-module/Kbuild $(@D)/
	$(MAKE) --no-print-directory -s -C $(KERNEL_DIR)/src M=$(CURDIR)/$(@D) modules

.PHONY: launcher-tools
launcher-tools: $(LAUNCHER_BUILD)/payload.bin $(LAUNCHER_BUILD)/mint-launch \
	$(LAUNCHER_BUILD)/mint-launch-asan $(LAUNCHER_IPI_MOD)/mint_ipi_test.ko

CHECK_PREREQS += launcher-tools
CHECK_SUITES_HOST += tests/launcher/patches.bats tests/launcher/mint-launch.bats
CHECK_SUITES_QEMU += tests/launcher/launcher.bats modern:tests/launcher/launcher.bats

# Node 0's image carries the tool and the payload (bootcfg/bootcfg.mk).
INITRAMFS_NODE0_FILES += $(LAUNCHER_BUILD)/mint-launch:/usr/bin/mint-launch \
	$(LAUNCHER_BUILD)/payload.bin:/lib/mint/payload.bin \
	$(LAUNCHER_IPI_MOD)/mint_ipi_test.ko:/lib/modules/mint/mint_ipi_test.ko
