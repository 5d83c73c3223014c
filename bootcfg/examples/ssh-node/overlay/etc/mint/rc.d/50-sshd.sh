#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# /etc/mint/rc.d/50-sshd.sh: start dropbear (from --package dropbear-bin)
# at boot, key logins only. Its host keys are made on the first connection
# (-R) and last until the node reboots; root's keys are the image's
# /root/.ssh/authorized_keys, which you put into the overlay.
if [ ! -x /usr/sbin/dropbear ]; then
	echo "mint: sshd: /usr/sbin/dropbear missing: build the image with --package dropbear-bin" >&2
	exit 0
fi
if [ ! -s /root/.ssh/authorized_keys ]; then
	echo "mint: sshd: no /root/.ssh/authorized_keys in the image: nobody could log in, not started" >&2
	exit 0
fi
# dropbear refuses keys that others could change.
chmod 0700 /root /root/.ssh
chmod 0600 /root/.ssh/authorized_keys
mkdir -p /etc/dropbear
# -s: no password logins; -R: host keys made as needed.
if dropbear -s -R -p 22 -P /run/dropbear.pid; then
	echo "mint: sshd: dropbear listening on port 22"
else
	echo "mint: sshd: dropbear failed to start" >&2
fi
