# SPDX-License-Identifier: GPL-2.0-only
#
# Mint toolkit: top-level build. Each component adds its targets and test
# suites in its own fragment (*.mk), included below.
#
#   make          build userspace (mintctl, VNI core tools)
#   make deps     install the Debian packages Mint needs (idempotent)
#   make check    install deps, build, run every test; ends "N passed, N failed"
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

# Filled in by the fragments.
INSTALL_STEPS :=
USERSPACE :=
CHECK_PREREQS :=
CHECK_SUITES :=
DEMO_STEPS :=
CLEAN_DIRS := $(BUILD)

.PHONY: all deps check demo install clean
all: userspace

-include mintctl/mintctl.mk
-include vni/vni.mk
-include kernel-patches/kernel.mk
-include vni/driver.mk
-include bootcfg/bootcfg.mk
-include bootcfg/dist.mk
-include tests/tests.mk
-include tests/secondary/secondary.mk

.PHONY: userspace
userspace: $(USERSPACE)

deps:
	@sh bootcfg/install-deps.sh

check: deps
	@$(MAKE) --no-print-directory $(CHECK_PREREQS)
	@bash tests/check.sh $(CHECK_SUITES)

demo: deps
	@$(MAKE) --no-print-directory $(DEMO_STEPS)

install: $(INSTALL_STEPS)

clean:
	rm -rf $(CLEAN_DIRS)
