# SPDX-License-Identifier: GPL-2.0-only
#
# mintctl: the normal binary, an ASan+UBSan one that the tests run, the C
# unit tests and the libFuzzer targets.
#
#   make mintctl          build/mintctl/mintctl and build/mintctl/mintctl-san
#   make fuzz-mintctl     run the fuzzers, FUZZ_SECONDS each (default 600)
#   make demo-mintctl     plan the example configs on the recorded QEMU machine

# The one version of Mint: debian/changelog's (packages, mintctl --version,
# the DKMS module's, filled in by dh_dkms -V or make dkms-src).
MINTCTL_VERSION := $(shell awk -F'[()]' 'NR == 1 { print $$2 }' debian/changelog)
MINTCTL_OUT     := $(BUILD)/mintctl
MINTCTL         := $(MINTCTL_OUT)/mintctl
MINTCTL_SAN     := $(MINTCTL_OUT)/mintctl-san
MINTCTL_UNIT    := $(MINTCTL_OUT)/test-mintctl
MINTCTL_FUZZERS := $(MINTCTL_OUT)/fuzz-config $(MINTCTL_OUT)/fuzz-descriptor \
	$(MINTCTL_OUT)/fuzz-bzimage $(MINTCTL_OUT)/fuzz-srat

# The library part: everything but main.c and the command files, so later
# commands and the tests reuse the planner as it is.
MINTCTL_LIB_SRCS := $(addprefix mintctl/,errors.c numbers.c cores.c \
	config.c fileio.c machine.c numa.c topology.c ranges.c planner.c \
	plan_check.c plan_warn.c \
	kparams.c crc32.c json.c descriptor.c plan_print.c bzimage.c uarts.c \
	lockdown.c \
	bootimage.c bootdata.c node_lookup.c console_layout.c console_ring.c \
	elfcore.c) \
	vni/core/vni_layout.c
MINTCTL_CMD_SRCS := $(addprefix mintctl/,main.c cmd_plan.c cmd_machine.c \
	cmd_partition.c cmd_descriptor.c cmd_boot.c cmd_status.c \
	cmd_shutdown.c cmd_net.c boot_run.c control.c launcher.c live_update.c \
	vni_find.c cmd_log.c cmd_console.c cmd_dump.c console_chan.c \
	signals.c terminal.c)
# mintctl doctor, autostart and watch (node 0's checks and services).
MINTCTL_CMD_SRCS += $(addprefix mintctl/,cmd_doctor.c doctor_node0.c \
	doctor_platform.c doctor_tools.c cmd_autostart.c cmd_watch.c spawn.c)
# The uapi headers (linux/mint.h, linux/mint_node.h) come out of the kernel
# patch series, never from a copy: see uapi-headers.sh.
MINTCTL_UAPI := $(MINTCTL_OUT)/uapi-tree
MINTCTL_UAPI_STAMP := $(MINTCTL_UAPI)/stamp
MINTCTL_HDRS := $(wildcard mintctl/*.h) $(wildcard vni/core/*.h) \
	$(MINTCTL_UAPI_STAMP)
MINTCTL_CFLAGS := $(CFLAGS_STD) -Imintctl -Ivni/core \
	-idirafter $(MINTCTL_UAPI)/include/uapi \
	-DMINT_VERSION='"$(MINTCTL_VERSION)"'
MINTCTL_LIBS := $(shell pkg-config --libs inih 2>/dev/null || echo -linih) -lfdt
# One TAP binary per tests/mintctl/test_NAME.c: build/mintctl/test-NAME.
MINTCTL_UNITS := $(patsubst tests/mintctl/test_%.c,$(MINTCTL_OUT)/test-%,\
	$(wildcard tests/mintctl/test_*.c))
FUZZ_SECONDS ?= 600

USERSPACE     += $(MINTCTL)
# The host tests of boot/status/shutdown preload a file-backed /dev/mint.
MINTCTL_FAKE_LAUNCHER := $(MINTCTL_OUT)/fake-launcher.so

CHECK_PREREQS += $(MINTCTL) $(MINTCTL_SAN) $(MINTCTL_UNITS) $(MINTCTL_FUZZERS) \
	$(MINTCTL_FAKE_LAUNCHER)
CHECK_SUITES_HOST += $(MINTCTL_UNITS) $(sort $(wildcard tests/mintctl/*.bats)) tests/mintctl/exports.sh
DEMO_STEPS    += demo-mintctl

.PHONY: mintctl fuzz-mintctl demo-mintctl
mintctl: $(MINTCTL) $(MINTCTL_SAN)

$(MINTCTL): $(MINTCTL_LIB_SRCS) $(MINTCTL_CMD_SRCS) $(MINTCTL_HDRS) mintctl/mintctl.mk debian/changelog
	@mkdir -p $(@D)
	$(CC) $(MINTCTL_CFLAGS) -o $@ $(filter %.c,$^) $(MINTCTL_LIBS)

$(MINTCTL_SAN): $(MINTCTL_LIB_SRCS) $(MINTCTL_CMD_SRCS) $(MINTCTL_HDRS) mintctl/mintctl.mk debian/changelog
	@mkdir -p $(@D)
	$(CC) $(MINTCTL_CFLAGS) $(SANITIZE) -o $@ $(filter %.c,$^) $(MINTCTL_LIBS)

$(MINTCTL_FAKE_LAUNCHER): tests/mintctl/fake_launcher.c $(MINTCTL_UAPI_STAMP) mintctl/mintctl.mk
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_STD) -fPIC -shared -idirafter $(MINTCTL_UAPI)/include/uapi \
		-o $@ $< -ldl

$(MINTCTL_UAPI_STAMP): mintctl/uapi-headers.sh kernel-patches/series $(wildcard kernel-patches/0*.patch)
	@sh mintctl/uapi-headers.sh $(MINTCTL_UAPI) kernel-patches/series
	@touch $@

$(MINTCTL_OUT)/test-%: tests/mintctl/test_%.c $(MINTCTL_LIB_SRCS) $(MINTCTL_HDRS) tests/tap.h mintctl/mintctl.mk
	@mkdir -p $(@D)
	$(CC) $(MINTCTL_CFLAGS) $(SANITIZE) -Itests -o $@ $< $(MINTCTL_LIB_SRCS) $(MINTCTL_LIBS)

$(MINTCTL_OUT)/fuzz-%: mintctl/fuzz/fuzz_%.c mintctl/fuzz/fuzz_common.h $(MINTCTL_LIB_SRCS) $(MINTCTL_HDRS) mintctl/mintctl.mk
	@mkdir -p $(@D)
	$(CLANG) $(filter-out -O2,$(MINTCTL_CFLAGS)) -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -o $@ $< $(MINTCTL_LIB_SRCS) $(MINTCTL_LIBS)

# Each fuzzer runs FUZZ_SECONDS on a copy of the seed corpus (the seeds in
# the repo stay small); crashes land in build/mintctl/fuzz-out/.
fuzz-mintctl: $(MINTCTL_FUZZERS)
	@for f in config descriptor bzimage srat; do \
		mkdir -p $(MINTCTL_OUT)/corpus-$$f $(MINTCTL_OUT)/fuzz-out; \
		echo "fuzz-$$f: $(FUZZ_SECONDS)s"; \
		nice -n 10 $(MINTCTL_OUT)/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) \
			-max_len=$$(test $$f = bzimage && echo 24576 || echo 8192) \
			-timeout=10 -print_final_stats=1 \
			-dict=mintctl/fuzz/$$f.dict \
			-artifact_prefix=$(MINTCTL_OUT)/fuzz-out/$$f- \
			$(MINTCTL_OUT)/corpus-$$f mintctl/fuzz/corpus-$$f || exit 1; \
	done

demo-mintctl: $(MINTCTL)
	@set -e; for conf in bootcfg/qemu-2node.conf bootcfg/qemu-3node.conf; do \
		echo "== mintctl --sysroot tests/mintctl/sysroot/qemu-4cpu-2g -c $$conf plan"; \
		$(MINTCTL) --sysroot tests/mintctl/sysroot/qemu-4cpu-2g -c $$conf plan; \
		echo "== mintctl ... -c $$conf partition --print"; \
		$(MINTCTL) --sysroot tests/mintctl/sysroot/qemu-4cpu-2g -c $$conf partition --print; \
		echo; \
	done

# make install: the tool, its man page, bash completion and example configs.
INSTALL_STEPS += install-mintctl
.PHONY: install-mintctl
install-mintctl: $(MINTCTL)
	$(INSTALL) -D -m 0755 $(MINTCTL) $(DESTDIR)$(PREFIX)/sbin/mintctl
	$(INSTALL) -D -m 0644 mintctl/mintctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/mintctl.8
	$(INSTALL) -D -m 0644 mintctl/mintctl.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mintctl
	$(INSTALL) -d $(DESTDIR)$(PREFIX)/share/doc/mint/examples
	$(INSTALL) -m 0644 bootcfg/*.conf $(DESTDIR)$(PREFIX)/share/doc/mint/examples/
