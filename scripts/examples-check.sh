#!/usr/bin/env bash
# Checks every configuration under a directory: formatting and validation.
#
# usage: examples-check.sh TOFU DIR
#
# Each directory below DIR that holds .tf files must pass "TOFU fmt -check"
# and "TOFU validate". TF_CLI_CONFIG_FILE must point at a CLI configuration
# whose dev_overrides serve the provider from a local directory, so validate
# needs no "init" and no registry. Each configuration is validated in a copy
# so that nothing is written into the work tree.
set -euo pipefail

if [[ $# -ne 2 ]]; then
	echo "usage: $0 TOFU DIR" >&2
	exit 2
fi
tofu=$1 root=$2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t dirs < <(find "$root" -type f -name '*.tf' -printf '%h\n' | sort -u)
if [[ ${#dirs[@]} -eq 0 ]]; then
	echo "$0: no configurations found under $root" >&2
	exit 1
fi

failed=0
for dir in "${dirs[@]}"; do
	copy="$work/$(echo "$dir" | tr / _)"
	mkdir -p "$copy"
	cp -R "$dir/." "$copy/"
	ok=1
	"$tofu" fmt -check -diff -no-color "$dir" >"$work/out" 2>&1 || ok=0
	"$tofu" -chdir="$copy" validate -no-color >>"$work/out" 2>&1 || ok=0
	if [[ $ok -eq 1 ]]; then
		echo "valid:   $dir"
	else
		echo "invalid: $dir"
		sed 's/^/    /' "$work/out"
		failed=1
	fi
done
exit "$failed"
