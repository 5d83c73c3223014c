# SPDX-License-Identifier: GPL-2.0-only
#
# Mint toolkit: top-level build. Each component adds its targets and test
# suites in its own fragment (*.mk), included below.
#
#   make          build userspace (mintctl, VNI core tools)
#   make deps     install the Debian packages Mint needs (idempotent)
#   make check    install deps, build, run every test; ends "N passed, N failed"
#   make check-host  the same for the suites that boot no QEMU (no MACHINE: prefix)
#   make check-qemu  the same for the suites that boot QEMU
#   make demo     the main job
#   make kernel   build the Mint kernel (cached)
#   make install  install mintctl and its files (DESTDIR, PREFIX=/usr/local)
#   make clean

BUILD     := build
CC        ?= cc
CLANG     ?= clang
CFLAGS_STD := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -g
SANITIZE  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Where `make install` puts things (DESTDIR for a staging root).
DESTDIR    ?=
PREFIX     ?= /usr/local
SYSCONFDIR ?= /etc
INSTALL    ?= install

# Filled in by the fragments. Every test suite is listed once, in the
# fragment of its folder: CHECK_SUITES_HOST for the suites that run on this
# machine (some read the kernel tree or the node images, none boots QEMU),
# CHECK_SUITES_QEMU for those that boot QEMU, each may be MACHINE:SUITE
# (tests/check.sh). CHECK_PREREQS is what either needs built, the fuzzers
# and benchmarks included so that they cannot rot unnoticed.
INSTALL_STEPS :=
USERSPACE :=
CHECK_PREREQS :=
CHECK_SUITES_HOST :=
CHECK_SUITES_QEMU :=
DEMO_STEPS :=
CLEAN_DIRS := $(BUILD)

.PHONY: all deps check check-host check-qemu demo install clean
all: userspace

include mintctl/mintctl.mk
include vni/vni.mk
include kernel-patches/kernel.mk
include vni/driver.mk
include bootcfg/bootcfg.mk
include bootcfg/dist.mk
include tests/tests.mk
include tests/secondary/secondary.mk

# A suite that names a machine boots QEMU; an old-style list would be lost.
ifneq ($(filter %:%,$(CHECK_SUITES_HOST)),)
$(error CHECK_SUITES_HOST lists QEMU suites: $(filter %:%,$(CHECK_SUITES_HOST)))
endif
ifneq ($(CHECK_SUITES),)
$(error CHECK_SUITES is gone: list $(CHECK_SUITES) in CHECK_SUITES_HOST or CHECK_SUITES_QEMU)
endif

.PHONY: userspace
userspace: $(USERSPACE)

deps:
	@sh bootcfg/install-deps.sh

# One run of tests/check.sh each, so each ends with its one summary line.
check: deps
	@$(MAKE) --no-print-directory $(CHECK_PREREQS)
	@bash tests/check.sh $(CHECK_SUITES_HOST) $(CHECK_SUITES_QEMU)

check-host: deps
	@$(MAKE) --no-print-directory $(CHECK_PREREQS)
	@bash tests/check.sh $(CHECK_SUITES_HOST)

check-qemu: deps
	@$(MAKE) --no-print-directory $(CHECK_PREREQS)
	@bash tests/check.sh $(CHECK_SUITES_QEMU)

# What make check builds and runs, one a line: "prereq TARGET",
# "host SUITE", "qemu [MACHINE:]SUITE".
.PHONY: check-list
check-list:
	@printf 'prereq %s\n' $(CHECK_PREREQS)
	@printf 'host %s\n' $(CHECK_SUITES_HOST)
	@printf 'qemu %s\n' $(CHECK_SUITES_QEMU)

demo: deps
	@$(MAKE) --no-print-directory $(DEMO_STEPS)

install: $(INSTALL_STEPS)

clean:
	rm -rf $(CLEAN_DIRS)
