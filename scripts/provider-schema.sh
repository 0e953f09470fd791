#!/usr/bin/env bash
# Writes the provider's schema for tfplugindocs.
#
# usage: provider-schema.sh TOFU SOURCE NAME OUT
#
# Runs "TOFU providers schema -json" in a scratch configuration that requires
# the provider SOURCE (for example opsconnect/devopsagent). TF_CLI_CONFIG_FILE
# must point at a CLI configuration whose dev_overrides serve the provider from
# a local directory; no "init" is needed then. tfplugindocs looks the schema up
# under the provider's short NAME only, so the full address that OpenTofu
# prints as the key is replaced by NAME.
set -euo pipefail

if [[ $# -ne 4 ]]; then
	echo "usage: $0 TOFU SOURCE NAME OUT" >&2
	exit 2
fi
tofu=$1 source=$2 name=$3 out=$4

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/main.tf" <<TF
terraform {
  required_providers {
    $name = {
      source = "$source"
    }
  }
}
TF

"$tofu" -chdir="$work" providers schema -json >"$work/schema.json"

key="\"provider_schemas\":{\"registry.opentofu.org/$source\":"
if ! grep -qF "$key" "$work/schema.json"; then
	echo "$0: no schema for registry.opentofu.org/$source in the output of $tofu" >&2
	exit 1
fi
sed "s#$key#\"provider_schemas\":{\"$name\":#" "$work/schema.json" >"$out"
