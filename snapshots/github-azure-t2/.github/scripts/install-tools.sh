#!/usr/bin/env bash
# Installs pinned tools from their GitHub releases, each checked against its SHA-256 first.
# Usage: .github/scripts/install-tools.sh TOOL... (kubectl-argo-rollouts)
set -euo pipefail
bin="${RUNNER_TEMP:?}/bin"
mkdir -p "$bin"
for tool in "$@"; do
  case "$tool" in
    kubectl-argo-rollouts)
      url=https://github.com/argoproj/argo-rollouts/releases/download/v1.8.2/kubectl-argo-rollouts-linux-amd64
      sha256=b77e4d3d8e0b5d42aaac987a6f3d035c24efcf4f3cfd07f18285b76dbf5b9a53
      member=
      ;;
    *)
      echo "unknown tool: $tool" >&2
      exit 2
      ;;
  esac
  curl -fsSLo "$bin/$tool.download" "$url"
  echo "$sha256  $bin/$tool.download" | sha256sum -c -
  if [ -n "$member" ]; then
    tar -xzf "$bin/$tool.download" -C "$bin" "$member"
  else
    install -m 0755 "$bin/$tool.download" "$bin/$tool"
  fi
done
echo "$bin" >> "$GITHUB_PATH"
