#!/usr/bin/env bash
# Builds a release of the vpclink provider into dist/ with `go build` (no release tool to
# install): pulumi-resource-vpclink for linux, darwin and windows on amd64 and arm64 with the
# version embedded, one archive per target named the way `pulumi plugin install` downloads them
# (pulumi-resource-vpclink-v<version>-<os>-<arch>.tar.gz), SHA-256 checksums, the schema of that
# version (`pulumi package get-schema`) and the Node.js and Python SDKs generated from it.
#
# Usage: scripts/release-provider.sh 1.2.3
#        TARGETS="linux/amd64" scripts/release-provider.sh 1.2.3-snapshot   # one target, to check
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: scripts/release-provider.sh VERSION (no leading v)}"
version="${version#v}"
targets="${TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}"
dist="dist/provider-v$version"
rm -rf "$dist"
mkdir -p "$dist"
ldflags="-s -w -X github.com/vpclink/vpclink/provider.Version=$version"
start=$(date +%s)

for target in $targets; do
  os="${target%/*}" arch="${target#*/}"
  exe="pulumi-resource-vpclink"
  [ "$os" = windows ] && exe="$exe.exe"
  stage="$(mktemp -d)"
  t0=$(date +%s)
  (cd provider && CGO_ENABLED=0 GOOS="$os" GOARCH="$arch" go build -ldflags "$ldflags" \
    -o "$stage/$exe" ./cmd/pulumi-resource-vpclink)
  cp README.md "$stage/"
  tar -czf "$dist/pulumi-resource-vpclink-v$version-$os-$arch.tar.gz" -C "$stage" .
  echo "built $os/$arch in $(( $(date +%s) - t0 ))s: $(du -h "$stage/$exe" | cut -f1)" >&2
  rm -rf "$stage"
done

# The schema and SDKs of this version, from a binary for this machine.
host="$(mktemp -d)"
home="$(mktemp -d)"
trap 'rm -rf "$host" "$home"' EXIT
(cd provider && go build -ldflags "$ldflags" -o "$host/pulumi-resource-vpclink" ./cmd/pulumi-resource-vpclink)
root="$(scripts/install-pulumi.sh)"
PULUMI_HOME="$home" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true \
  "$root/bin/pulumi" package get-schema "$host/pulumi-resource-vpclink" >"$dist/schema.json"
grep -q "\"version\": \"$version\"" "$dist/schema.json" || { echo "schema.json does not carry version $version" >&2; exit 1; }
(cd provider && go run ./cmd/vpclink-gen sdk "../$dist/schema.json" "../$dist/sdk")
tar -czf "$dist/vpclink-sdk-nodejs-v$version.tar.gz" -C "$dist/sdk" nodejs
tar -czf "$dist/vpclink-sdk-python-v$version.tar.gz" -C "$dist/sdk" python

(cd "$dist" && sha256sum -- *.tar.gz schema.json >checksums.txt && sha256sum -c --quiet checksums.txt)
echo "release v$version in $dist ($(( $(date +%s) - start ))s):" >&2
ls -la "$dist" >&2
