#!/usr/bin/env bash
# Builds the Pulumi CLI from the Go module proxy into a cache directory and prints the path of the
# directory that holds bin/pulumi. Reuses the binary when it is already there and reports the right
# version, so CI and developers pay the ~13-minute cold build once per cache.
#
# Why build instead of download: the official installer fetches from hosts that are not reachable on
# every machine vpclink is developed on, while the module proxy is. `go install ...@version` does not
# work for pkg/v3 (it has replace directives), so the CLI is built as a dependency of a throwaway module.
# The -X flag embeds the version: without it `pulumi version` prints nothing and the Automation API
# refuses inline destroy/refresh.
#
# Usage: scripts/install-pulumi.sh            -> prints e.g. /root/.cache/vpclink/pulumi-v3.274.1
#        PULUMI_VERSION=v3.274.1 VPCLINK_CACHE=/some/dir scripts/install-pulumi.sh
set -euo pipefail

version="${PULUMI_VERSION:-v3.274.1}"
cache="${VPCLINK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vpclink}"
dest="$cache/pulumi-$version"
bin="$dest/bin/pulumi"

if [ -x "$bin" ] && [ "$("$bin" version 2>/dev/null)" = "$version" ]; then
  echo "$dest"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest/bin"
(
  cd "$work"
  go mod init pulumicli >/dev/null 2>&1
  go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$version" >&2
  go build -tags osusergo,grpcnotrace \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    -o "$bin.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
)
mv "$bin.tmp" "$bin"
got="$("$bin" version)"
if [ "$got" != "$version" ]; then
  echo "install-pulumi: built $bin but it reports version '$got', want '$version'" >&2
  exit 1
fi
echo "$dest"
