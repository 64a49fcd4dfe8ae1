#!/usr/bin/env bash
# Installs the TOOLs named from pinned releases, SHA-256 checked.
set -euo pipefail
bin="${CI_PROJECT_DIR:?}/.tools/bin"
mkdir -p "$bin"
cd "$bin"
for cmd in tar gzip; do command -v "$cmd" >/dev/null || yum install -y -q "$cmd"; done
for tool in "$@"; do
  case "$tool" in
    kubectl-argo-rollouts) sha256=b77e4d3d8e0b5d42aaac987a6f3d035c24efcf4f3cfd07f18285b76dbf5b9a53 url=https://github.com/argoproj/argo-rollouts/releases/download/v1.8.2/kubectl-argo-rollouts-linux-amd64 ;;
    kubectl) sha256=ab60ca5f0fd60c1eb81b52909e67060e3ba0bd27e55a8ac147cbc2172ff14212 url=https://dl.k8s.io/release/v1.34.3/bin/linux/amd64/kubectl ;;
    kustomize) sha256=ea375e7372f9aa029129d4b2d16c66b7750b7f1213c4f66f910d981c895818d8 url=https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv5.7.1/kustomize_v5.7.1_linux_amd64.tar.gz ;;
    crane) sha256=5c16d8ddb971cb1d5e6ed8b1e743da8224414eeba2c2762d8f1a61b2f095699e url=https://github.com/google/go-containerregistry/releases/download/v0.21.9/go-containerregistry_Linux_x86_64.tar.gz ;;
    *) echo "unknown tool: $tool" >&2; exit 2 ;;
  esac
  curl -fsSLo "$tool.download" "$url"
  echo "$sha256  $tool.download" | sha256sum -c -
  case "$url" in
    *.tar.gz) tar -xzf "$tool.download" "$tool" ;;
    *) install -m 0755 "$tool.download" "$tool" ;;
  esac
done
