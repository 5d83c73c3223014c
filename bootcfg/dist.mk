# SPDX-License-Identifier: GPL-2.0-only
#
# Mint on a real machine: the systemd units that `make install` installs,
# the Debian packages, and their host tests (tests/dist/).
#
#   make install      also installs mint-node@.service, mint-net.service and
#                     mint.target to $(PREFIX)/lib/systemd/system
#   make deb          build/deb/mint-tools_*.deb and vni-dkms_*.deb (debian/)
#   make kernel-deb-config  build/kernel-deb/config: Debian's amd64 config +
#                     kernel-patches/debian.config, checked (no kernel build)
#   make kernel-deb-patched  compile the files the patch series touches with
#                     that config (minutes; kernel-deb's first step)
#   make kernel-deb   linux-image/linux-headers packages for node 0 (long)
#   make dkms-src     build/dkms/mint-vni-VERSION: the VNI source with its
#                     dkms.conf for 'dkms add' without the package

SYSTEMD_UNITS := $(wildcard bootcfg/systemd/*.service bootcfg/systemd/*.target)
# debian/rules sets /lib/systemd/system, where Debian 12 looks.
SYSTEMD_UNIT_DIR ?= $(PREFIX)/lib/systemd/system

# make install: the units, with the installed paths filled in.
INSTALL_STEPS += install-systemd
.PHONY: install-systemd
install-systemd:
	$(INSTALL) -d $(DESTDIR)$(SYSTEMD_UNIT_DIR)
	$(foreach u,$(SYSTEMD_UNITS),sed -e 's|@SBINDIR@|$(PREFIX)/sbin|g' \
		-e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' $(u) \
		>$(DESTDIR)$(SYSTEMD_UNIT_DIR)/$(notdir $(u)) && \
		chmod 0644 $(DESTDIR)$(SYSTEMD_UNIT_DIR)/$(notdir $(u));)

# make deb: dpkg-buildpackage on a copy of the tree's files (tracked, and
# new ones git does not ignore) under build/deb, so the packages and every
# by-product land there and the tree stays clean. The log is
# build/deb/build.log.
DEB_DIR := $(BUILD)/deb
DEB_SRC := $(DEB_DIR)/mint-$(MINTCTL_VERSION)
# The node images install mint-tools from here (bootcfg.mk): rebuilt when
# any file the package could be made of changes (mintctl also compiles
# vni/core and the uapi headers of kernel-patches), that is every file
# but the tests.
DEB_TOOLS := $(DEB_DIR)/mint-tools_$(MINTCTL_VERSION)_amd64.deb
DEB_INPUTS := $(shell git ls-files -- . ':!tests' 2>/dev/null)
$(DEB_TOOLS): $(DEB_INPUTS)
	@$(MAKE) --no-print-directory deb
.PHONY: deb
deb:
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC)
	@git ls-files -z --cached --others --exclude-standard | \
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C $(DEB_SRC)
	@echo "deb: dpkg-buildpackage in $(DEB_SRC) (log: $(DEB_DIR)/build.log)"
	@cd $(DEB_SRC) && dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
		{ tail -n 30 ../build.log; exit 1; }
	@ls $(DEB_DIR)/*.deb

# The VNI module's source as vni-dkms installs it, for DKMS without the
# package; the version is Mint's (debian/changelog), as dh_dkms -V writes it.
DKMS_SRC := $(BUILD)/dkms/mint-vni-$(MINTCTL_VERSION)
.PHONY: dkms-src
dkms-src:
	@rm -rf $(DKMS_SRC) && mkdir -p $(DKMS_SRC)
	@cp -r vni/Kbuild vni/Makefile vni/core vni/driver $(DKMS_SRC)/
	@sed 's/#MODULE_VERSION#/$(MINTCTL_VERSION)/g' vni/dkms.conf >$(DKMS_SRC)/dkms.conf
	@echo "$(DKMS_SRC): dkms add $(DKMS_SRC) && dkms install mint-vni/$(MINTCTL_VERSION)"

# The node-0 kernel of a real server (kernel-patches/debian-config.sh and
# kernel-deb.sh); bindeb-pkg writes its packages next to the tree.
KERNEL_DEB_DIR := $(BUILD)/kernel-deb
.PHONY: kernel-deb-config kernel-deb-patched kernel-deb
kernel-deb-config:
	@bash kernel-patches/debian-config.sh $(KERNEL_DEB_DIR)
kernel-deb-patched:
	@bash kernel-patches/kernel-deb.sh --patched $(KERNEL_DEB_DIR)
kernel-deb:
	@bash kernel-patches/kernel-deb.sh $(KERNEL_DEB_DIR)

CHECK_SUITES_HOST += tests/dist/systemd.bats tests/dist/deb.bats \
		tests/dist/kernel-config.bats tests/dist/version.bats
