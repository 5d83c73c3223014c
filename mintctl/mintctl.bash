# SPDX-License-Identifier: GPL-2.0-only
# bash completion for mintctl(8). Install as
# /usr/share/bash-completion/completions/mintctl.

_mintctl()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi

	local commands="plan validate partition descriptor machine doctor boot status shutdown log console dump autostart watch net help"
	local global="--config --set --shared-size --sysroot --json --help --version"

	case $prev in
	-c|--config|--grub|--kernel|--initrd|-o|--output|--dump)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	--sysroot)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	-s|--set)
		COMPREPLY=($(compgen -W "shared.size= shared.base= shared.console_log= vni.mtu= vni.addressing= vni.ring_entries= vni.slot_size= vni.pool_slots= node1.cores= node1.memory= node1.lowmem= node1.name= node1.mac= node1.kernel= node1.initrd= node1.cmdline= node1.autostart= node1.restart=" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return
		;;
	--dry-run)
		# boot --dry-run DIR; partition --dry-run takes nothing.
		[[ " ${words[*]} " == *" boot "* ]] && COMPREPLY=($(compgen -d -- "$cur"))
		[[ " ${words[*]} " == *" boot "* ]] && return
		;;
	--shared-size|--generation|--cores|--mem|--cmdline|--timeout|--idle|--until|--hung-after)
		return
		;;
	esac

	local cmd="" i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-c|--config|-s|--set|--shared-size|--sysroot|--grub|--kernel|--initrd|-o|--output|--dump|--generation|--cores|--mem|--cmdline|--timeout|--idle|--until|--hung-after)
			((i++))
			;;
		-*)
			;;
		*)
			cmd=${words[i]}
			break
			;;
		esac
	done

	local opts
	case $cmd in
	"")
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
		;;
	partition)
		opts="--print --grub --kexec --dry-run --kernel --initrd"
		;;
	descriptor)
		opts="--output --dump --generation"
		;;
	boot)
		opts="--cores --mem --kernel --initrd --cmdline --timeout --dry-run"
		;;
	shutdown)
		opts="--force --timeout"
		;;
	log)
		opts="-f --follow -n --new"
		;;
	console)
		opts="--idle --until --timeout"
		;;
	dump)
		opts="-o --output --force"
		;;
	autostart)
		opts="--start"
		;;
	watch)
		opts="--hung-after"
		;;
	net)
		opts="up down status --addr --module --dry-run"
		;;
	*)
		opts=""
		;;
	esac
	COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
}
complete -F _mintctl mintctl
