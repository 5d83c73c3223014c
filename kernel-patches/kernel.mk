# SPDX-License-Identifier: GPL-2.0-only
#
# Mint kernel: Debian linux-source-6.12 + kernel-patches/series, cached.

KERNEL_DIR := $(BUILD)/kernel

.PHONY: kernel
kernel:
	@bash kernel-patches/build-kernel.sh $(KERNEL_DIR)

CHECK_PREREQS += kernel
