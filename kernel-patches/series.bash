# SPDX-License-Identifier: GPL-2.0-only
#
# The patch series as the scripts that build from it read it
# (build-kernel.sh, debian-config.sh, kernel-deb.sh): source this file.

# series_patches DIR: the patches DIR/series lists, in order (quilt syntax:
# comments and -pN are ignored; no series file, no patches).
series_patches() {
	[ -f "$1/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]\+-p[0-9]\+//' "$1/series" | awk 'NF { print $1 }'
}

# series_files DIR: every file the patches of DIR/series touch, once each.
series_files() {
	local p
	for p in $(series_patches "$1"); do
		sed -n 's|^+++ b/||p' "$1/$p"
	done | sort -u
}

# series_warnings DIR LOG: the compiler warnings in LOG (a build's output)
# about files of the series, once each. The kernel builds without -Werror.
series_warnings() {
	local files
	files=$(series_files "$1" | paste -sd '|')
	[ -n "$files" ] || return 0
	grep -E "^($files):[0-9]+(:[0-9]+)?: warning:" "$2" | sort -u || true
}
