#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ -f .env ]] || cp .env.example .env
c() { docker compose -f docker-compose.yml "$@"; }
c up -d --build --wait --wait-timeout 120 || { c logs --tail 20; c down; exit 1; }
