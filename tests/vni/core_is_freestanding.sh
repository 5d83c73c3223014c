#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Prove the VNI transport core needs no libc: only the compat headers may
# include system headers, the core compiles with -ffreestanding -nostdinc
# (compiler headers only), and its objects call nothing but memcpy/memset.
set -u
cd "$(dirname "$0")/../.."
CC=${CC:-cc}
n=0
fail=0
tap() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }

bad=$(grep -n '#include *<' vni/core/*.c vni/core/*.h |
	grep -v -e '^vni/core/vni_compat_user.h:' -e '^vni/core/vni_compat_kernel.h:')
[ -n "$bad" ] && echo "# $bad"
tap "$([ -z "$bad" ]; echo $?)" "only the compat headers include system headers"

user_incs=$(grep '#include *<' vni/core/vni_compat_user.h | grep -v -e '<stdint.h>' -e '<stddef.h>' -e '<stdbool.h>')
[ -n "$user_incs" ] && echo "# $user_incs"
tap "$([ -z "$user_incs" ]; echo $?)" "user compat header uses freestanding headers only"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok=0
for f in vni/core/*.c; do
	if ! $CC -std=c11 -ffreestanding -nostdinc -isystem "$($CC -print-file-name=include)" \
		-Wall -Wextra -Werror -O2 -c "$f" -o "$tmp/$(basename "$f" .c).o"; then
		ok=1
	fi
done
tap $ok "core compiles with -ffreestanding -nostdinc"

undef=$(nm -u "$tmp"/*.o | awk 'NF == 2 { print $2 }' | sort -u)
defined=$(nm --defined-only "$tmp"/*.o | awk 'NF == 3 { print $3 }' | sort -u)
foreign=$(comm -23 <(echo "$undef") <(echo "$defined") | grep -v -x -e memcpy -e memset)
[ -n "$foreign" ] && echo "# external symbols: $foreign"
tap "$([ -z "$foreign" ]; echo $?)" "core objects reference no symbol but memcpy and memset"

echo "1..$n"
exit $fail
