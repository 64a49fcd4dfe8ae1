#!/usr/bin/env bash
set -euo pipefail
[[ $# -le 1 && ${1:-0} =~ ^[0-9]+$ ]] || { echo "usage: $0 [REVISION]" >&2; exit 2; }
rollout=shop-api
k() { kubectl argo rollouts "$@" -n shop-api; }

# Abort first: Argo sends all traffic back to the stable pods and scales the new ones down.
# Undo then returns the spec to that revision, so that the Rollout is healthy again.
k abort "$rollout"
k undo "$rollout" ${1:+"--to-revision=$1"}
k status "$rollout" --timeout 10m
k get rollout "$rollout"
