#!/usr/bin/env bash
# Builds the YAML language host, pulumi-language-yaml, from the Go module proxy and puts it next to
# the cached Pulumi CLI (scripts/install-pulumi.sh), where the CLI finds language hosts. Prints the
# directory that holds bin/pulumi and bin/pulumi-language-yaml. Reuses the binary when it is there.
#
# Like the CLI, it is built as a dependency of a throwaway module (pulumi-yaml has replace
# directives of its own, so `go install ...@version` fails), with pkg/v3 and sdk/v3 pinned to the
# CLI's version. v1.38.1 is the first release checked to compile against pkg v3.274.1 (v1.25.0
# does not).
#
# Usage: scripts/install-pulumi-yaml.sh       -> prints e.g. /root/.cache/vpclink/pulumi-v3.274.1
#        PULUMI_YAML_VERSION=v1.38.1 scripts/install-pulumi-yaml.sh
set -euo pipefail

cd "$(dirname "$0")/.."
yaml_version="${PULUMI_YAML_VERSION:-v1.38.1}"
pulumi_version="${PULUMI_VERSION:-v3.274.1}"
dest="$(scripts/install-pulumi.sh)"
bin="$dest/bin/pulumi-language-yaml"
stamp="$bin.version"

if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$yaml_version" ]; then
  echo "$dest"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  go mod init pulumiyaml >/dev/null 2>&1
  go get "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$yaml_version" \
    "github.com/pulumi/pulumi/pkg/v3@$pulumi_version" \
    "github.com/pulumi/pulumi/sdk/v3@$pulumi_version" >&2
  go build -tags osusergo,grpcnotrace \
    -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version" \
    -o "$bin.tmp" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml >&2
)
mv "$bin.tmp" "$bin"
echo "$yaml_version" >"$stamp"
echo "$dest"
