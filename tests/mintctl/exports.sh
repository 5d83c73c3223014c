#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# No mintctl helper is global for nothing: every function or variable a
# mintctl/*.c file defines with external linkage is used by another of
# them, or by a unit test or fuzzer (tests/mintctl/test_*.c,
# mintctl/fuzz/*.c). One used only in its own file should be static.
# Each file is compiled once with -c into a scratch folder (no -O, so no
# call is inlined away).
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
uapi=build/mintctl/uapi-tree/include/uapi
cflags=(-std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Imintctl -Ivni/core -Itests -idirafter "$uapi")
fail=0
for f in mintctl/*.c tests/mintctl/test_*.c mintctl/fuzz/*.c; do
	o=$tmp/$(echo "${f%.c}" | tr / _).o
	if ! cc "${cflags[@]}" -c "$f" -o "$o" 2>"$tmp/err"; then
		sed 's/^/# /' "$tmp/err"
		echo "not ok 1 - $f does not compile on its own"
		echo "1..1"
		exit 1
	fi
done
# "OBJECT def SYMBOL" and "OBJECT use SYMBOL" lines, then one pass.
for o in "$tmp"/*.o; do
	n=$(basename "$o" .o)
	nm -g --defined-only "$o" | awk -v n="$n" '$2 ~ /^[TDRBC]$/ { print n, "def", $3 }'
	nm -u "$o" | awk -v n="$n" '{ print n, "use", $2 }'
done >"$tmp/syms"
awk '$2 == "use" { users[$3] = users[$3] " " $1 }
     $2 == "def" && $1 ~ /^mintctl_/ && $1 !~ /^mintctl_fuzz_/ && $3 != "main" {
	     defs[++nd] = $1 " " $3 }
     END {
	     for (i = 1; i <= nd; i++) {
		     split(defs[i], d, " ")
		     k = split(users[d[2]], u, " ")
		     other = 0
		     for (j = 1; j <= k; j++)
			     if (u[j] != d[1])
				     other = 1
		     if (!other)
			     printf "# %s.c: %s is global but used only there (make it static)\n",
				    substr(d[1], 9), d[2]
	     }
     }' "$tmp/syms" >"$tmp/unused"
cat "$tmp/unused"
[ -s "$tmp/unused" ] && fail=1
if [ $fail = 0 ]; then
	echo "ok 1 - every global of mintctl's files is used outside its file"
else
	echo "not ok 1 - every global of mintctl's files is used outside its file"
fi
echo "1..1"
exit $fail
