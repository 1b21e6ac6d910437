#!/usr/bin/env bash
# Regenerates what the provider module derives, in order: provider/docs_gen.go (the Go doc
# comments the schema is described from), bin/pulumi-resource-vpclink, provider/schema.json
# (`pulumi package get-schema` of that binary with the cached CLI, offline, no plugins) and
# sdk/nodejs, sdk/python (vpclink-gen sdk, pkg/v3's codegen called directly). The provider's
# tests fail until these are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(scripts/install-pulumi.sh)"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
(cd provider && go run ./cmd/vpclink-gen docs)
(cd provider && go build -o ../bin/pulumi-resource-vpclink ./cmd/pulumi-resource-vpclink)
PULUMI_HOME="$home" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true \
  "$root/bin/pulumi" package get-schema ./bin/pulumi-resource-vpclink >provider/schema.json
(cd provider && go run ./cmd/vpclink-gen sdk)
echo "regenerated provider/docs_gen.go, provider/schema.json, sdk/nodejs, sdk/python"
