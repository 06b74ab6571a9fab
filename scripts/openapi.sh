#!/usr/bin/env bash
# The OpenAPI document, made from the code without a database (Swashbuckle CLI, a local dotnet tool).
#   scripts/openapi.sh generate [--no-build]   write docs/openapi.json
#   scripts/openapi.sh check [--no-build]      fail when docs/openapi.json differs from the code's document,
#                                              or when Spectral (spectral:oas) finds any error or warning
set -euo pipefail
cd "$(dirname "$0")/.."

command=${1:-}
build=yes
[ "${2:-}" = "--no-build" ] && build=no
api_dll=src/AgentMarketplace.Api/bin/Debug/net10.0/AgentMarketplace.Api.dll
committed=docs/openapi.json

write_document() { # $1: where
  if [ "$build" = yes ]; then
    dotnet build src/AgentMarketplace.Api -nologo -v q -clp:NoSummary >/dev/null
  fi
  dotnet tool restore >/dev/null
  # The CLI prints the document's path; anything the host logs goes to the file given on failure.
  if ! dotnet swagger tofile --output "$1" "$api_dll" v1 >"$1.log" 2>&1; then
    cat "$1.log" >&2
    return 1
  fi
  rm -f "$1.log"
}

lint() { # $1: the document
  if [ ! -x tools/spectral/node_modules/.bin/spectral ]; then
    (cd tools/spectral && npm ci --no-audit --no-fund --silent)
  fi
  tools/spectral/node_modules/.bin/spectral lint --ruleset tools/spectral/.spectral.yaml \
    --fail-severity warn --display-only-failures "$1"
}

case "$command" in
  generate)
    write_document "$committed"
    echo "wrote $committed"
    ;;
  check)
    generated=$(mktemp -d)/openapi.json
    write_document "$generated"
    if ! diff -q "$committed" "$generated" >/dev/null; then
      diff -u "$committed" "$generated" | head -n 40 >&2 || true
      echo "docs/openapi.json is stale: run scripts/openapi.sh generate (then scripts/generate-client.sh) and commit both" >&2
      exit 1
    fi
    lint "$committed"
    echo "docs/openapi.json matches the code; Spectral: no errors, no warnings"
    ;;
  lint)
    lint "${2:-$committed}"
    ;;
  *)
    echo "usage: scripts/openapi.sh generate|check [--no-build] | lint [file]" >&2
    exit 2
    ;;
esac
