#!/usr/bin/env bash
set -euo pipefail
[[ $# -le 1 && ${1:-0} =~ ^[0-9]+$ ]] || { echo "usage: $0 [REVISION]" >&2; exit 2; }
workload=deployment/shop-api
k() { kubectl -n shop-api "$@"; }

k rollout history "$workload"
k rollout undo "$workload" ${1:+"--to-revision=$1"}
k rollout status "$workload" --timeout=5m
