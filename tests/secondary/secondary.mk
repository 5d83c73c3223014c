# SPDX-License-Identifier: GPL-2.0-only
#
# Secondary nodes booted by `mintctl boot` on the QEMU test machine.
# Included by the top Makefile. The suites need the kernel and node images,
# which `make check` builds first (kernel, initramfs).

CHECK_SUITES_QEMU += tests/secondary/secondary.bats tests/secondary/secondary-3node.bats \
		modern:tests/secondary/secondary.bats \
		modern:tests/secondary/console.bats
