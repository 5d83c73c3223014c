# SPDX-License-Identifier: GPL-2.0-only
#
# Host-only tests of the test tooling itself, of `make check`'s list of
# suites and of `make install`; they need neither the kernel nor QEMU.
# Included by the top Makefile.

CHECK_SUITES_HOST += tests/qemu/harness-state.bats tests/install/install.bats \
		     tests/make-check.bats
