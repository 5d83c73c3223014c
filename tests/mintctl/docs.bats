#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
#
# --help, the man page and bash completion stay in step; the fuzz seed
# corpora still replay cleanly; the READMEs describe what is there and
# point nowhere outside the repository.

load helpers

MAN="$BATS_TEST_DIRNAME/../../mintctl/mintctl.8"
COMPLETION="$BATS_TEST_DIRNAME/../../mintctl/mintctl.bash"
COMMANDS="plan validate partition descriptor machine boot status shutdown log console dump help doctor autostart watch net"

# Every --long-option any --help text mentions.
help_options() {
	{
		"$MINTCTL" --help
		for c in $COMMANDS; do "$MINTCTL" "$c" --help; done
	} | grep -o -- '--[a-z][a-z-]*' | sort -u
}

@test "--help lists every command and each command has its own --help" {
	run "$MINTCTL" --help
	assert_success
	for c in $COMMANDS; do
		assert_line --regexp "^  $c "
	done
	for c in plan validate partition descriptor machine boot status shutdown log console dump doctor autostart watch net; do
		run "$MINTCTL" "$c" --help
		assert_success
		assert_line --index 0 --partial "Usage: mintctl $c"
	done
}

@test "the man page documents every command and every option in --help" {
	for c in $COMMANDS; do
		grep -qx ".SS $c" "$MAN" || fail "mintctl.8 lacks a section for '$c'"
	done
	for o in $(help_options); do
		esc=$(printf '%s' "$o" | sed 's/-/\\-/g')
		grep -qF -- "$esc" "$MAN" || fail "mintctl.8 does not mention $o"
	done
}

@test "the man page renders without groff warnings" {
	command -v groff >/dev/null || skip "groff not installed"
	run groff -man -Tutf8 -ww -z "$MAN"
	assert_success
	assert_output ""
}

@test "bash completion offers every command and every option in --help" {
	run bash -c '
		source "$1"
		COMP_WORDS=(mintctl ""); COMP_CWORD=1; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl partition --); COMP_CWORD=2; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl descriptor --); COMP_CWORD=2; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl boot node1 --); COMP_CWORD=3; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl shutdown node1 --); COMP_CWORD=3; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl autostart --); COMP_CWORD=2; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl net up --); COMP_CWORD=3; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl log node1 -); COMP_CWORD=3; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl console node1 --); COMP_CWORD=3; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl dump node1 --); COMP_CWORD=3; _mintctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(mintctl watch node1 --); COMP_CWORD=3; _mintctl; echo "${COMPREPLY[*]}"
	' bash "$COMPLETION"
	assert_success
	for c in $COMMANDS; do
		assert_line --index 0 --regexp "(^| )$c( |$)"
	done
	for o in $(help_options); do
		[[ $output == *"$o"* ]] || fail "completion never offers $o"
	done
}

@test "help COMMAND is COMMAND --help; no command, or a bad one, is one line and exit 2" {
	run "$MINTCTL" help watch
	assert_success
	assert_line --index 0 "Usage: mintctl watch NODE [--hung-after S]"
	run --separate-stderr "$MINTCTL" help watch node1
	assert_failure 2
	assert_stderr_has "mintctl: help: unexpected argument 'node1' (mintctl help [COMMAND])"
	run --separate-stderr "$MINTCTL" help nope
	assert_failure 2
	assert_stderr_has "mintctl: help: unknown command 'nope' (try 'mintctl --help')"
	run --separate-stderr "$MINTCTL"
	assert_failure 2
	[ "${stderr_lines[0]}" = "mintctl: which command? (try 'mintctl --help')" ] || fail "first line: $stderr"
	run --separate-stderr "$MINTCTL" --json
	assert_failure 2
	assert_output '{"error":"which command? (try '"'"'mintctl --help'"'"')","command":null,"exit_code":2,"messages":["which command? (try '"'"'mintctl --help'"'"')"]}'
}

@test "every command's usage error names the command once, as the dispatcher read it" {
	for c in $COMMANDS; do
		[ "$c" = help ] && continue
		run --separate-stderr "$MINTCTL" "$c" --no-such-option
		assert_failure 2
		[ "${stderr_lines[0]}" = "mintctl: $c: unknown option '--no-such-option'" ] ||
			fail "$c: $stderr"
		[ "${stderr_lines[1]}" = "Try 'mintctl $c --help'." ] || fail "$c: $stderr"
	done
}

@test "--version prints the version" {
	run "$MINTCTL" --version
	assert_success
	assert_output --regexp '^mintctl [0-9]+\.[0-9]+'
}

@test "the fuzz targets replay their seed corpora without a finding" {
	for f in config descriptor bzimage srat; do
		bin="$REPO/build/mintctl/fuzz-$f"
		[ -x "$bin" ] || skip "fuzz targets not built (make build/mintctl/fuzz-$f)"
		run "$bin" -runs=0 "$REPO/mintctl/fuzz/corpus-$f"
		assert_success
		assert_output --partial "INFO: seed corpus: files: $(ls "$REPO/mintctl/fuzz/corpus-$f" | wc -l)"
	done
}

@test "kernel-patches/README.md describes every patch of the series" {
	local patch
	while read -r patch; do
		[[ $patch == \#* || -z $patch ]] && continue
		grep -q "^| ${patch:0:4} " "$REPO/kernel-patches/README.md" ||
			fail "kernel-patches/README.md does not list $patch"
	done <"$REPO/kernel-patches/series"
}

@test "README.md links nothing outside the repository" {
	run grep -nE '\]\((https?:|\.\./|/)' "$REPO/README.md"
	assert_failure
	for link in $(grep -oE '\]\([^)#][^)]*\)' "$REPO/README.md" | sed 's/^](//; s/)$//'); do
		[ -e "$REPO/$link" ] || fail "README.md links $link, which is not in the repository"
	done
}

@test "the man page points to the JSON schema, and the schema file exists" {
	grep -q 'mintctl/JSON.md' "$MAN" || fail "mintctl.8 does not name mintctl/JSON.md"
	[ -f "$REPO/mintctl/JSON.md" ]
}
