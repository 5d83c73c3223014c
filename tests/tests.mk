# SPDX-License-Identifier: GPL-2.0-only
#
# Host-only tests of the test tooling itself and of `make install`; they
# need neither the kernel nor QEMU. Included by the top Makefile.

CHECK_SUITES += tests/qemu/harness-state.bats tests/install/install.bats
