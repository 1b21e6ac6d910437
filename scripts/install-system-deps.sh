#!/usr/bin/env bash
# Installs, from the Debian registry and only when missing, the system packages the tests need:
# the PostgreSQL server binaries (the state backend tests start a private cluster of their own,
# internal/testenv), Node.js with npm (the generated TypeScript SDK is installed and type-checked
# with tsc) and Python 3 (the generated Python SDK is byte-compiled). Everything else (the Pulumi
# CLI, the YAML language host, staticcheck, actionlint) is built from the Go module proxy by its
# own script.
set -euo pipefail
missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  missing+=(postgresql)
fi
command -v npm >/dev/null || missing+=(nodejs npm)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-system-deps: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
