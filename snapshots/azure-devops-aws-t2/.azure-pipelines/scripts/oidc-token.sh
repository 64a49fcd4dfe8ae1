#!/usr/bin/env bash
# The pipeline's OIDC token in $1, renewed every 4 minutes until the job ends.
set -euo pipefail
mint() {
  curl -fsS -X POST -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN" -H 'Content-Type: application/json' -d '{}' \
    "$SYSTEM_OIDCREQUESTURI?api-version=7.1" | jq -er .oidcToken > "$1.new" && mv "$1.new" "$1"
}
mint "$1"
(while sleep 240; do mint "$1" || true; done) > /dev/null 2>&1 &
