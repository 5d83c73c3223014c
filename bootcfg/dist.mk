# SPDX-License-Identifier: GPL-2.0-only
#
# Mint on a real machine: the systemd units that `make install` installs,
# and their host tests (tests/dist/).
#
#   make install      also installs mint-node@.service, mint-net.service and
#                     mint.target to $(PREFIX)/lib/systemd/system

SYSTEMD_UNITS := $(wildcard bootcfg/systemd/*.service bootcfg/systemd/*.target)
SYSTEMD_UNIT_DIR := $(PREFIX)/lib/systemd/system

# make install: the units, with the installed paths filled in.
INSTALL_STEPS += install-systemd
.PHONY: install-systemd
install-systemd:
	$(INSTALL) -d $(DESTDIR)$(SYSTEMD_UNIT_DIR)
	$(foreach u,$(SYSTEMD_UNITS),sed -e 's|@SBINDIR@|$(PREFIX)/sbin|g' \
		-e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' $(u) \
		>$(DESTDIR)$(SYSTEMD_UNIT_DIR)/$(notdir $(u)) && \
		chmod 0644 $(DESTDIR)$(SYSTEMD_UNIT_DIR)/$(notdir $(u));)

CHECK_SUITES += tests/dist/systemd.bats
