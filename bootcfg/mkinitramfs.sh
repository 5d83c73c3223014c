#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build a Mint node initramfs (gzip'ed newc cpio) from Debian binaries and the
# project's own files. Usable for your own nodes; `make initramfs` uses it for
# the QEMU test machine.
#
# The image holds busybox-static (with all its applet links), an /init that
# hands over to busybox init (a shell on the node's console), and, unless
# --minimal, dash as /bin/sh, bash as the console's shell, iperf3, nc
# (netcat-openbsd, else busybox's), kexec-tools, ip, tc and bridge
# (iproute2), ethtool and nft (nftables), makedumpfile (for the cores
# 'mintctl dump' writes on node 0), dbclient and dropbearkey (dropbear-bin's
# SSH client), each with its shared libraries, plus
# mintctl and modules when given.
#
# Your own software goes in with --package (Debian packages, by name or as
# .deb files, with the shared libraries their programs need) and --overlay
# (a directory tree: rc.d scripts that start your service, keys, configs).
# bootcfg/examples/ssh-node is an example: a node with an SSH server.
set -euo pipefail

prog=mkinitramfs
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<EOF
Usage: bootcfg/mkinitramfs.sh -o OUT.cpio.gz [options]

  -o, --output FILE      the initramfs to write (gzip'ed newc cpio)
  -n, --node NAME        the node's name, used as hostname (default: node0);
                         the kernel parameter mint.node=NAME overrides it
  --mintctl FILE         the mintctl binary, installed as /usr/sbin/mintctl
  --modules DIR          kernel modules: an INSTALL_MOD_PATH root holding
                         lib/modules/VERSION, installed as /lib/modules/VERSION
  --bin FILE[:DEST]      a host program, copied with its shared libraries
                         (default DEST: /usr/bin/NAME); repeatable
  --file SRC:DEST        a file or directory, copied to DEST; a DEST ending in
                         / keeps SRC's name; repeatable
  --package PKG          a Debian package: a name (fetched with apt-get download
                         from this host's apt sources) or a .deb file. All its
                         files go in, except documentation; from its
                         dependencies (fetched too) only the shared libraries
                         its programs load. Name a dependency too to get all of
                         its files. Repeatable
  --overlay DIR          a directory tree copied over the image last, e.g.
                         DIR/etc/mint/rc.d/50-myservice.sh; repeatable
  --cache DIR            where fetched packages are kept (default:
                         \${XDG_CACHE_HOME:-\$HOME/.cache}/mint/debs)
  --minimal              busybox and /init only (plus what is given above)
  -h, --help             this help

Files under /etc/mint/rc.d/*.sh run at boot, in order, before the node
reports "mint: NAME ready" on its console.

Example (bootcfg/examples/ssh-node/README.md):
  bootcfg/mkinitramfs.sh -o node1-ssh.cpio.gz --node node1 \\
      --package dropbear-bin --overlay bootcfg/examples/ssh-node/overlay
EOF
}

die() { echo "$prog: error: $*" >&2; exit 1; }
usage_error() { echo "$prog: $*" >&2; echo "Try 'bootcfg/mkinitramfs.sh --help'." >&2; exit 2; }

out="" node=node0 mintctl="" modules="" minimal=0
cache=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/mint/debs
bins=() files=() packages=() overlays=()
while [ $# -gt 0 ]; do
	case $1 in
	-o|--output) [ $# -ge 2 ] || usage_error "$1 needs a file"; out=$2; shift ;;
	-n|--node) [ $# -ge 2 ] || usage_error "$1 needs a name"; node=$2; shift ;;
	--mintctl) [ $# -ge 2 ] || usage_error "$1 needs a file"; mintctl=$2; shift ;;
	--modules) [ $# -ge 2 ] || usage_error "$1 needs a directory"; modules=$2; shift ;;
	--bin) [ $# -ge 2 ] || usage_error "$1 needs a file"; bins+=("$2"); shift ;;
	--file) [ $# -ge 2 ] || usage_error "$1 needs SRC:DEST"; files+=("$2"); shift ;;
	--package) [ $# -ge 2 ] || usage_error "$1 needs a package name or .deb file"; packages+=("$2"); shift ;;
	--overlay) [ $# -ge 2 ] || usage_error "$1 needs a directory"; overlays+=("$2"); shift ;;
	--cache) [ $# -ge 2 ] || usage_error "$1 needs a directory"; cache=$2; shift ;;
	--minimal) minimal=1 ;;
	-h|--help) usage; exit 0 ;;
	*) usage_error "unknown argument '$1'" ;;
	esac
	shift
done

# Check every input before writing anything.
[ -n "$out" ] || usage_error "no output file given (-o FILE)"
[[ $node =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$ ]] ||
	usage_error "node name '$node' is not a valid hostname (letters, digits, - and _)"
for f in "${files[@]}"; do
	[[ $f == *:/* ]] || usage_error "--file '$f': expected SRC:DEST with an absolute DEST"
	[ -e "${f%%:*}" ] || die "--file: '${f%%:*}' does not exist"
done
for b in "${bins[@]}"; do
	if [ ! -f "${b%%:*}" ] || [ ! -x "${b%%:*}" ]; then
		die "--bin: '${b%%:*}' is not an executable file"
	fi
done
[ -z "$mintctl" ] || [ -x "$mintctl" ] || die "--mintctl: '$mintctl' is not an executable file"
for o in "${overlays[@]}"; do
	[ -d "$o" ] || die "--overlay: '$o' is not a directory"
done
for p in "${packages[@]}"; do
	case $p in
	*.deb) [ -f "$p" ] && dpkg-deb -f "$p" Package >/dev/null 2>&1 ||
		die "--package: '$p' is not a Debian package file" ;;
	*) [[ $p =~ ^[a-z0-9][a-z0-9.+-]+$ ]] ||
		usage_error "--package '$p': not a Debian package name or a .deb file" ;;
	esac
done
if [ -n "$modules" ]; then
	[ -d "$modules/lib/modules" ] || die "--modules: '$modules' has no lib/modules directory"
fi

# A host program, by name; the Debian package is named in the error.
need_program() {
	local path
	path=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH command -v "$1") ||
		die "$1 not found on this host (install Debian package $2: make deps)"
	echo "$path"
}

busybox=$(need_program busybox busybox-static)
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is linked dynamically; install Debian package busybox-static"
fi
command -v cpio >/dev/null || die "cpio not found (install Debian package cpio)"

outdir=$(dirname "$out")
mkdir -p "$outdir"
root=$(mktemp -d "$outdir/.mkinitramfs.XXXXXX")
trap 'rm -rf "$root" "$root.stage" "$root.pkg" "$root.apt.log"' EXIT

# Merged /usr, as on Debian 12: /bin, /sbin, /lib and /lib64 point into /usr,
# so paths from the host (ldd, busybox --list-full) work unchanged.
mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/{dev,proc,sys,tmp,run,root,boot,etc/init.d,etc/mint/rc.d}
for d in bin sbin lib lib64; do
	ln -s "usr/$d" "$root/$d"
done
chmod 1777 "$root/tmp"

# The dynamic loader and libraries of a program, at their host paths, or
# taken from the unpacked dependencies under $stage (see add_package).
stage=""
copy_libs() {
	copy_ldd_libs "$(ldd "$1" 2>/dev/null || true)"
}

# The libraries ldd's output names (static programs: none).
copy_ldd_libs() {
	local lib dest
	for lib in $(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$1"); do
		dest=$lib
		[ -z "$stage" ] || dest=${lib#"$stage"}
		[ -e "$root$dest" ] || install -D -m 0755 "$lib" "$root$dest"
	done
}

# copy_program SRC [DEST]: the program (symlinks resolved) and its libraries.
copy_program() {
	local src=$1 dest=${2:-$1}
	local d name
	name=$(basename "$dest")
	# A real program replaces busybox's applet of the same name on the PATH.
	for d in /usr/bin /usr/sbin; do
		if [ "$(readlink "$root$d/$name" 2>/dev/null)" = /usr/bin/busybox ]; then
			rm -f "$root$d/$name"
		fi
	done
	rm -f "$root$dest"
	install -D -m 0755 "$src" "$root$dest"
	copy_libs "$src"
}

# fetch_deb NAME: the .deb of NAME's candidate version, from the cache or
# fetched into it with apt-get download (verified by apt against its lists).
fetch_deb() {
	local file
	file=$(apt-get download --print-uris "$1" 2>/dev/null | awk 'NR == 1 { print $2 }')
	[ -n "$file" ] || die "--package $1: no such package in this host's apt sources (a typo, or run apt-get update)"
	if [ ! -s "$cache/$file" ]; then
		echo "$prog: fetching $file" >&2
		(cd "$cache" && apt-get download -q=2 "$1" >"$root.apt.log" 2>&1) ||
			die "--package $1: apt-get download failed: $(tail -n 1 "$root.apt.log")"
		[ -s "$cache/$file" ] || die "--package $1: apt-get download wrote no $file"
	fi
	echo "$cache/$file"
}

# The packages a package needs to run (Depends and Pre-Depends, recursively;
# the first of alternatives, as apt-cache lists them), real ones only.
package_closure() {
	apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "$@" 2>/dev/null |
		awk '/^[a-z0-9]/ { print $1 }' | sort -u
}

# add_package NAME|FILE.deb: every file of the package but its documentation,
# then the libraries of each of its ELF programs and libraries: this host's,
# or those of the dependencies it does not have installed (fetched and
# unpacked under $stage).
add_package() {
	local deb=$1 name deps dep f unpacked
	if [[ $deb != *.deb ]]; then
		name=$deb
		deb=$(fetch_deb "$name")
	else
		name=$(dpkg-deb -f "$deb" Package)
	fi
	# Its dependencies, from the Depends field of a .deb file or apt's lists.
	deps=$(dpkg-deb -f "$deb" Depends Pre-Depends | tr ',' '\n' |
		sed -e 's/^[A-Za-z-]*: //' -e 's/|.*//' -e 's/(.*)//' -e 's/:any//' |
		awk 'NF { print $1 }')
	for dep in $( [ -z "$deps" ] || package_closure $deps); do
		[ -e "$stage/.unpacked-$dep" ] && continue
		# Installed here: its libraries are the host's, as for every
		# other program in the image (and libc matches the loader).
		dpkg-query -W -f '${Status}' "$dep" 2>/dev/null | grep -q ' installed$' && continue
		dpkg-deb -x "$(fetch_deb "$dep")" "$stage"
		touch "$stage/.unpacked-$dep"
	done
	unpacked=$root.pkg
	rm -rf "$unpacked" && mkdir -p "$unpacked"
	dpkg-deb -x "$deb" "$unpacked"
	rm -rf "$unpacked"/usr/share/{doc,man,info,lintian,bug,menu}
	# Merged /usr: a package's /bin, /sbin and /lib land under /usr.
	for d in bin sbin lib lib64; do
		if [ -d "$unpacked/$d" ] && [ ! -L "$unpacked/$d" ]; then
			mkdir -p "$unpacked/usr/$d"
			cp -a "$unpacked/$d/." "$unpacked/usr/$d/"
			rm -rf "${unpacked:?}/$d"
		fi
	done
	cp -a "$unpacked/." "$root/"
	# The package's own libraries count as unpacked dependencies, too.
	cp -a "$unpacked/." "$stage/"
	while IFS= read -r -d '' f; do
		[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
		local libs missing
		# ldd once; it fails on static programs and on objects.
		libs=$(LD_LIBRARY_PATH=$stage_libs ldd "$f" 2>/dev/null || true)
		missing=$(awk '/not found/ { print $1 }' <<<"$libs" | tr '\n' ' ')
		[ -z "$missing" ] || die "--package $name: ${f#"$unpacked"} needs ${missing% } that no dependency provides"
		copy_ldd_libs "$libs"
	done < <(find "$unpacked" -type f -print0)
	rm -rf "$unpacked"
	echo "$prog: package $name ($(dpkg-deb -f "$deb" Version))" >&2
}

copy_program "$busybox" /usr/bin/busybox
"$busybox" --list-full | while read -r applet; do
	[ -e "$root/$applet" ] || [ -L "$root/$applet" ] || ln -s /usr/bin/busybox "$root/$applet"
done

install -m 0755 "$here/initramfs/init" "$root/init"
install -m 0755 "$here/initramfs/rcS" "$root/etc/init.d/rcS"
install -m 0644 "$here/initramfs/inittab" "$root/etc/inittab"
install -m 0644 "$here/initramfs/profile" "$root/etc/profile"
install -m 0644 "$here/initramfs/inputrc" "$root/etc/inputrc"
install -m 0755 "$here/initramfs/console-shell" "$root/etc/mint/console-shell"
echo "$node" > "$root/etc/mint/node-name"
echo "$node" > "$root/etc/hostname"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' > "$root/etc/hosts"
# Without /dev/console in the image the kernel gives /init no stdio (only
# root may create device nodes; the kernel's built-in list has one too).
mknod -m 0600 "$root/dev/console" c 5 1 2>/dev/null || true

if [ "$minimal" -eq 0 ]; then
	# Debian's shells, as on Debian: /bin/sh is dash, and bash is the
	# console's login shell (see initramfs/console-shell).
	copy_program "$(need_program dash dash)" /usr/bin/dash
	ln -sf dash "$root/usr/bin/sh"
	copy_program "$(need_program bash bash)" /usr/bin/bash
	copy_program "$(need_program iperf3 iperf3)" /usr/bin/iperf3
	copy_program "$(need_program kexec kexec-tools)" /usr/sbin/kexec
	copy_program "$(need_program ip iproute2)" /usr/bin/ip
	copy_program "$(need_program ethtool ethtool)" /usr/sbin/ethtool
	copy_program "$(need_program tc iproute2)" /usr/sbin/tc
	copy_program "$(need_program bridge iproute2)" /usr/sbin/bridge
	copy_program "$(need_program nft nftables)" /usr/sbin/nft
	copy_program "$(need_program makedumpfile makedumpfile)" /usr/sbin/makedumpfile
	# An SSH client and key tool for reaching nodes that run a server.
	copy_program "$(need_program dbclient dropbear-bin)" /usr/bin/dbclient
	copy_program "$(need_program dropbearkey dropbear-bin)" /usr/bin/dropbearkey
	if nc_openbsd=$(PATH=/usr/bin:/bin command -v nc.openbsd); then
		copy_program "$nc_openbsd" /usr/bin/nc
	fi
fi
[ -z "$mintctl" ] || copy_program "$mintctl" /usr/sbin/mintctl

if [ -n "$modules" ]; then
	for kdir in "$modules"/lib/modules/*/; do
		ver=$(basename "$kdir")
		mkdir -p "$root/lib/modules/$ver"
		# build and source point back into the kernel tree: not for a node.
		(cd "$kdir" && find . -mindepth 1 \( -name build -o -name source \) -prune -o -print |
			cpio --quiet -pdm "$root/lib/modules/$ver")
	done
fi

for b in "${bins[@]}"; do
	src=${b%%:*}
	dest=${b#*:}
	[ "$dest" != "$b" ] || dest=/usr/bin/$(basename "$src")
	copy_program "$src" "$dest"
done

for f in "${files[@]}"; do
	src=${f%%:*}
	dest=${f#*:}
	[[ $dest != */ ]] || dest=$dest$(basename "$src")
	mkdir -p "$(dirname "$root$dest")"
	rm -rf "$root$dest"
	cp -a -L "$src" "$root$dest"
done

if [ ${#packages[@]} -gt 0 ]; then
	mkdir -p "$cache" || die "--cache: cannot create '$cache'"
	stage=$root.stage
	mkdir -p "$stage"
	stage_libs=$stage/usr/lib/x86_64-linux-gnu:$stage/lib/x86_64-linux-gnu:$stage/usr/lib:$stage/lib
	for p in "${packages[@]}"; do
		add_package "$p"
	done
	rm -rf "$stage" "$root.apt.log"
	stage=""
fi

# Overlays last: they may replace anything above.
for o in "${overlays[@]}"; do
	cp -a "$o/." "$root/"
done

# Reproducible: sorted names, owner root, fixed mtimes.
find "$root" -exec touch -h -d @0 {} +
tmp=$out.tmp
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -6 -n > "$tmp"
mv "$tmp" "$out"
echo "$prog: $out: node $node, $(stat -c %s "$out") bytes"
