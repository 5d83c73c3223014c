# SPDX-License-Identifier: GPL-2.0-only
#
# VNI transport core: host build, tests, fuzzing and benchmark.
# (The kernel module's Kbuild lives next to this file and is not built here.)

VNI_CORE_SRC := vni/core/vni_layout.c vni/core/vni_attach.c \
		vni/core/vni_link.c vni/core/vni_tx.c vni/core/vni_rx.c
VNI_CORE_HDR := $(wildcard vni/core/*.h) tests/vni/vni_harness.h tests/vni/vni_world.h tests/vni/rx_copy.h tests/tap.h
VNI_BUILD := $(BUILD)/vni
VNI_TEST_CFLAGS := $(CFLAGS_STD) $(SANITIZE)
VNI_FUZZ_SECONDS ?= 600
FUZZ_SECONDS ?= $(VNI_FUZZ_SECONDS)

VNI_TESTS := $(VNI_BUILD)/test_core $(VNI_BUILD)/test_queues $(VNI_BUILD)/test_stress \
	     $(VNI_BUILD)/test_stress_tsan $(VNI_BUILD)/test_crash

USERSPACE += $(VNI_BUILD)/libvnicore.a
# The fuzzer and the benchmark are built too, so they cannot rot unnoticed.
CHECK_PREREQS += $(VNI_TESTS) $(VNI_BUILD)/fuzz_rx $(VNI_BUILD)/bench_core
# module_symbols.sh reads the module that driver.mk builds (vni-module).
CHECK_SUITES_HOST += tests/vni/core_is_freestanding.sh tests/vni/core_builds_in_kernel.sh \
		tests/vni/module_symbols.sh $(VNI_TESTS)

$(VNI_BUILD)/%.o: vni/core/%.c $(VNI_CORE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_STD) -c $< -o $@

$(VNI_BUILD)/libvnicore.a: $(patsubst vni/core/%.c,$(VNI_BUILD)/%.o,$(VNI_CORE_SRC))
	$(AR) rcs $@ $^

$(VNI_BUILD)/test_core: tests/vni/test_core.c $(VNI_CORE_SRC) $(VNI_CORE_HDR)
	@mkdir -p $(@D)
	$(CC) $(VNI_TEST_CFLAGS) tests/vni/test_core.c $(VNI_CORE_SRC) -o $@

$(VNI_BUILD)/test_queues: tests/vni/test_queues.c $(VNI_CORE_SRC) $(VNI_CORE_HDR)
	@mkdir -p $(@D)
	$(CC) $(VNI_TEST_CFLAGS) tests/vni/test_queues.c $(VNI_CORE_SRC) -o $@

VNI_STRESS_SRC := tests/vni/test_stress.c tests/vni/stress_node.c tests/vni/stress_mq.c
VNI_STRESS_HDR := tests/vni/stress_node.h tests/vni/stress_mq.h

$(VNI_BUILD)/test_stress: $(VNI_STRESS_SRC) $(VNI_STRESS_HDR) $(VNI_CORE_SRC) $(VNI_CORE_HDR)
	@mkdir -p $(@D)
	$(CC) $(VNI_TEST_CFLAGS) $(VNI_STRESS_SRC) $(VNI_CORE_SRC) -o $@ -lpthread

# The same nodes as threads in one process, so TSan sees the ordering.
$(VNI_BUILD)/test_stress_tsan: $(VNI_STRESS_SRC) $(VNI_STRESS_HDR) $(VNI_CORE_SRC) $(VNI_CORE_HDR)
	@mkdir -p $(@D)
	$(CLANG) $(CFLAGS_STD) -fsanitize=thread -DSTRESS_THREADS $(VNI_STRESS_SRC) $(VNI_CORE_SRC) -o $@ -lpthread

$(VNI_BUILD)/test_crash: tests/vni/test_crash.c tests/vni/stress_node.c tests/vni/stress_node.h $(VNI_CORE_SRC) $(VNI_CORE_HDR)
	@mkdir -p $(@D)
	$(CC) $(VNI_TEST_CFLAGS) tests/vni/test_crash.c tests/vni/stress_node.c $(VNI_CORE_SRC) -o $@ -lpthread

$(VNI_BUILD)/fuzz_rx: tests/vni/fuzz_rx.c $(VNI_CORE_SRC) $(VNI_CORE_HDR)
	@mkdir -p $(@D)
	$(CLANG) -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all tests/vni/fuzz_rx.c $(VNI_CORE_SRC) -o $@

$(VNI_BUILD)/bench_core: tests/vni/bench_core.c tests/vni/bench_seed.c tests/vni/bench.h $(VNI_CORE_SRC) $(VNI_CORE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_STD) -O3 -march=native tests/vni/bench_core.c tests/vni/bench_seed.c $(VNI_CORE_SRC) -o $@

.PHONY: fuzz-vni bench-core vni-core
vni-core: $(VNI_BUILD)/libvnicore.a

# make fuzz-vni FUZZ_SECONDS=600: corpus and crashes stay in build/vni/fuzz.
fuzz-vni: $(VNI_BUILD)/fuzz_rx
	@mkdir -p $(VNI_BUILD)/fuzz/corpus $(VNI_BUILD)/fuzz/artifacts
	$(VNI_BUILD)/fuzz_rx -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=$(VNI_BUILD)/fuzz/artifacts/ $(VNI_BUILD)/fuzz/corpus

bench-core: $(VNI_BUILD)/bench_core
	$(VNI_BUILD)/bench_core
