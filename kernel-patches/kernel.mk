# SPDX-License-Identifier: GPL-2.0-only
#
# Mint kernel: Debian linux-source-6.12 + kernel-patches/series, cached.
# build-kernel.sh decides itself whether anything needs rebuilding.

KERNEL_DIR := $(BUILD)/kernel
KERNEL_INPUTS := kernel-patches/build-kernel.sh kernel-patches/series.bash kernel-patches/mint.config \
	kernel-patches/series $(wildcard kernel-patches/*.patch)

.PHONY: kernel
kernel:
	@bash kernel-patches/build-kernel.sh $(KERNEL_DIR)

# For things built against the kernel tree (the uapi header, modules).
$(KERNEL_DIR)/stamp: $(KERNEL_INPUTS)
	@bash kernel-patches/build-kernel.sh $(KERNEL_DIR)

CHECK_PREREQS += kernel

include tests/launcher/launcher.mk
