#!/usr/bin/env bash
# Applies this directory's configuration against the DevOps Agent API
# emulator with the provider from this build, prints the outputs, destroys
# everything and stops the emulator. Exits non-zero on any failure.
#
# Called by `make demo`, which builds what it needs and sets:
#   TOFU          the OpenTofu (or Terraform) binary
#   PROVIDER_DIR  directory holding terraform-provider-devopsagent
#   EMULATOR      the devopsagent-emulator binary
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TOFU=${TOFU:-$root/bin/tofu}
PROVIDER_DIR=${PROVIDER_DIR:-$root/bin}
EMULATOR=${EMULATOR:-$root/bin/devopsagent-emulator}
ACCESS_KEY=AKIDDEMO000000000001
SECRET_KEY=demo-secret-key-$RANDOM$RANDOM

for f in "$TOFU" "$PROVIDER_DIR/terraform-provider-devopsagent" "$EMULATOR"; do
  [ -x "$f" ] || { echo "demo: $f is missing; run 'make demo'" >&2; exit 1; }
done

work=$(mktemp -d)
emulator_pid=""
cleanup() {
  status=$?
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -s "$work/emulator.log" ]; then
    echo "--- emulator log (last 20 lines)" >&2
    tail -n 20 "$work/emulator.log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

cp "$here"/*.tf "$here"/*.pem "$work"/

# The provider comes from this build, not from a registry.
cat >"$work/cli.tfrc" <<CONFIG
provider_installation {
  dev_overrides {
    "registry.opentofu.org/opsconnect/devopsagent"   = "$PROVIDER_DIR"
    "registry.terraform.io/opsconnect/devopsagent" = "$PROVIDER_DIR"
  }
  direct {}
}
CONFIG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
export TF_IN_AUTOMATION=1

echo "==> Starting the DevOps Agent API emulator"
"$EMULATOR" -addr 127.0.0.1:0 -create-delay 3s -delete-delay 2s \
  -access-key "$ACCESS_KEY" -secret-key "$SECRET_KEY" \
  >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(head -n 1 "$work/emulator.out" 2>/dev/null || true)
  [ -n "$url" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { echo "demo: the emulator exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "demo: the emulator printed no URL" >&2; exit 1; }
echo "    listening on $url"

vars=(-var "endpoint=$url" -var "access_key=$ACCESS_KEY" -var "secret_key=$SECRET_KEY")
color=()
[ -t 1 ] || color=(-no-color)
tf() { local cmd=$1; shift; "$TOFU" -chdir="$work" "$cmd" "${color[@]}" "$@"; }

echo "==> Applying two private connections"
tf apply -auto-approve -input=false "${vars[@]}"

echo "==> Outputs"
tf output
for name in grafana gitlab; do
  status=$(tf output -json "$name" | sed -n 's/.*"status":"\([A-Z_]*\)".*/\1/p')
  if [ "$status" != "ACTIVE" ]; then
    echo "demo: $name is ${status:-missing}, not ACTIVE" >&2
    exit 1
  fi
  echo "    $name: $status"
done

echo "==> A second plan has nothing to change"
tf plan -detailed-exitcode -input=false "${vars[@]}" >/dev/null

echo "==> Destroying"
tf destroy -auto-approve -input=false "${vars[@]}"

echo "==> Demo finished: both connections reached ACTIVE and were destroyed"
