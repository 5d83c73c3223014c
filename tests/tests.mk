# SPDX-License-Identifier: GPL-2.0-only
#
# Host-only tests of `make check`'s list of suites and of `make install`;
# they need neither the kernel nor QEMU. The QEMU harness's own suites
# (tests/qemu) are listed with its targets, in bootcfg/bootcfg.mk.
# Included by the top Makefile.

CHECK_SUITES_HOST += tests/install/install.bats tests/make-check.bats
