#!/usr/bin/env bash
# The .NET client, src/AgentMarketplace.Client/Generated, made by Kiota (a local dotnet tool) from docs/openapi.json.
#   scripts/generate-client.sh           regenerate it
#   scripts/generate-client.sh --check   fail when the committed client is not what docs/openapi.json generates
set -euo pipefail
cd "$(dirname "$0")/.."
export KIOTA_TUTORIAL_ENABLED=false KIOTA_OFFLINE_ENABLED=true

generated=src/AgentMarketplace.Client/Generated

generate() { # $1: output folder
  dotnet tool restore >/dev/null
  dotnet kiota generate --language CSharp --openapi docs/openapi.json --output "$1" \
    --class-name MarketplaceApiClient --namespace-name AgentMarketplace.Client.Generated \
    --exclude-backward-compatible --clean-output --log-level Warning >/dev/null
}

if [ "${1:-}" = "--check" ]; then
  fresh=$(mktemp -d)/Generated
  generate "$fresh"
  # The lock file names the document by a path relative to the output folder; its hash is what matters.
  if ! diff -r -q --exclude=kiota-lock.json "$generated" "$fresh" >/dev/null \
    || [ "$(grep descriptionHash "$generated/kiota-lock.json")" != "$(grep descriptionHash "$fresh/kiota-lock.json")" ]; then
    diff -r --exclude=kiota-lock.json "$generated" "$fresh" | head -n 20 >&2 || true
    echo "src/AgentMarketplace.Client/Generated is stale: run scripts/generate-client.sh and commit it" >&2
    exit 1
  fi
  echo "the generated client matches docs/openapi.json"
else
  generate "$generated"
  echo "regenerated $generated from docs/openapi.json"
fi
