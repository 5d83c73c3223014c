#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Add this Debian release's backports suite to apt, from the same archive
# (URI and signing key) that the machine's own sources already use for the
# release, so no archive host is named here. Does nothing if some source
# already lists the suite.
set -eu

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || { echo "deps: /etc/os-release names no VERSION_CODENAME" >&2; exit 1; }
suite=$codename-backports
out=/etc/apt/sources.list.d/mint-backports.sources

# Print "URI SIGNED-BY" of the first source that lists the release's suite:
# deb822 files (*.sources) first, then one-line files (*.list).
find_archive() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && [ "$f" != "$out" ] || continue
		awk -v want="$1" '
			function flush() {
				if (deb && uri != "" && has) { print uri, (key == "" ? "-" : key); found = 1; exit }
				deb = 0; uri = ""; key = ""; has = 0
			}
			/^[[:space:]]*$/ { flush(); next }
			/^[[:space:]]*#/ { next }
			tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
			tolower($1) == "uris:" { uri = $2 }
			tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == want) has = 1 }
			tolower($1) == "signed-by:" { key = $2 }
			END { if (!found) flush() }' "$f"
	done | head -n 1
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v want="$1" '
			$1 != "deb" { next }
			{
				key = "-"; i = 2
				if ($2 ~ /^\[/) {
					for (; i <= NF; i++) {
						if ($i ~ /signed-by=/) { key = $i; sub(/.*signed-by=/, "", key); sub(/\]$/, "", key) }
						if ($i ~ /\]$/) { i++; break }
					}
				}
				if ($(i + 1) == want) { print $i, key; exit }
			}' "$f"
	done | head -n 1
}

if grep -rqsw -- "$suite" /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "deps: apt already lists $suite"
	exit 0
fi

set -- $(find_archive "$codename" | head -n 1)
[ $# -ge 1 ] || { echo "deps: no apt source for $codename found to take the archive from" >&2; exit 1; }
uri=$1
key=${2:--}

echo "deps: adding $suite from $uri ($out)"
{
	echo "# Added by Mint's make deps: QEMU with x2APIC emulation under TCG."
	echo "Types: deb"
	echo "URIs: $uri"
	echo "Suites: $suite"
	echo "Components: main"
	[ "$key" = "-" ] || echo "Signed-By: $key"
} > "$out"
