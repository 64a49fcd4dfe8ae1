#!/usr/bin/env bash
# Installs pinned tools from their GitHub releases, each checked against its SHA-256 first.
# Usage: .github/scripts/install-tools.sh TOOL... (conftest, opa, kubectl-argo-rollouts)
set -euo pipefail
bin="${RUNNER_TEMP:?}/bin"
mkdir -p "$bin"
for tool in "$@"; do
  case "$tool" in
    conftest)
      url=https://github.com/open-policy-agent/conftest/releases/download/v0.61.2/conftest_0.61.2_Linux_x86_64.tar.gz
      sha256=5b3dcacb37c970645a9ddc7ebf776f11f727d1abe4e3e60c2381c2398c864d8f
      member=conftest
      ;;
    opa)
      url=https://github.com/open-policy-agent/opa/releases/download/v1.2.0/opa_linux_amd64_static
      sha256=059a1e540443bdf6b8ef45c670d6f6d26fafd30d5bc2537f59526ceefb766c55
      member=
      ;;
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
