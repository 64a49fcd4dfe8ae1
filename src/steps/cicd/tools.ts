/**
 * Command-line tools CI downloads from their publishers' releases: an exact version and the
 * SHA-256 of the Linux amd64 asset, checked before anything runs (never `curl | sh`). One
 * generated script installs them, so each job that needs a tool spends one line on it; it
 * installs into a directory of the job's own (no sudo: it works on self-hosted runners too),
 * which each CI platform puts on the PATH its own way. GitHub's runners already have kubectl,
 * kustomize and jq; CI platforms that run jobs in images install them here too.
 */
import type { Plan } from '../../plan/types.js';

interface Tool {
  version: string;
  url: string;
  sha256: string;
  /** The binary inside a .tar.gz (or .zip) asset; absent when the asset is the binary itself. */
  member?: string;
}

const isZip = (t: Tool): boolean => t.url.endsWith('.zip');

export const TOOLS = {
  conftest: {
    version: '0.61.2',
    url: 'https://github.com/open-policy-agent/conftest/releases/download/v0.61.2/conftest_0.61.2_Linux_x86_64.tar.gz',
    sha256: '5b3dcacb37c970645a9ddc7ebf776f11f727d1abe4e3e60c2381c2398c864d8f',
    member: 'conftest',
  },
  opa: {
    version: '1.2.0',
    url: 'https://github.com/open-policy-agent/opa/releases/download/v1.2.0/opa_linux_amd64_static',
    sha256: '059a1e540443bdf6b8ef45c670d6f6d26fafd30d5bc2537f59526ceefb766c55',
  },
  'kubectl-argo-rollouts': {
    version: '1.8.2',
    url: 'https://github.com/argoproj/argo-rollouts/releases/download/v1.8.2/kubectl-argo-rollouts-linux-amd64',
    sha256: 'b77e4d3d8e0b5d42aaac987a6f3d035c24efcf4f3cfd07f18285b76dbf5b9a53',
  },
  // Checksums as the projects publish them (SHA256SUMS, .sha256 files, checksums.txt), each
  // found identical in several independent public pins.
  terraform: {
    version: '1.14.8',
    url: 'https://releases.hashicorp.com/terraform/1.14.8/terraform_1.14.8_linux_amd64.zip',
    sha256: '56a5d12f47cbc1c6bedb8f5426ae7d5df984d1929572c24b56f4c82e9f9bf709',
    member: 'terraform',
  },
  // The minor version of the clusters (plan conventions KUBERNETES_VERSION).
  kubectl: {
    version: '1.34.3',
    url: 'https://dl.k8s.io/release/v1.34.3/bin/linux/amd64/kubectl',
    sha256: 'ab60ca5f0fd60c1eb81b52909e67060e3ba0bd27e55a8ac147cbc2172ff14212',
  },
  kustomize: {
    version: '5.7.1',
    url: 'https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv5.7.1/kustomize_v5.7.1_linux_amd64.tar.gz',
    sha256: 'ea375e7372f9aa029129d4b2d16c66b7750b7f1213c4f66f910d981c895818d8',
    member: 'kustomize',
  },
  crane: {
    version: '0.21.9',
    url: 'https://github.com/google/go-containerregistry/releases/download/v0.21.9/go-containerregistry_Linux_x86_64.tar.gz',
    sha256: '5c16d8ddb971cb1d5e6ed8b1e743da8224414eeba2c2762d8f1a61b2f095699e',
    member: 'crane',
  },
  cosign: {
    version: '3.1.3',
    url: 'https://github.com/sigstore/cosign/releases/download/v3.1.3/cosign-linux-amd64',
    sha256: '4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71',
  },
  jq: {
    version: '1.8.1',
    url: 'https://github.com/jqlang/jq/releases/download/jq-1.8.1/jq-linux-amd64',
    sha256: '020468de7539ce70ef1bceaf7cde2e8c4f2ca6c3afb84642aabc5c97d9fc2a0d',
  },
} as const satisfies Record<string, Tool>;

export type ToolName = keyof typeof TOOLS;

/** The tools this stack's workflows use: conftest and opa with policies, the Rollouts plugin with Argo Rollouts. */
export function toolsFor(plan: Pick<Plan, 'features'>): ToolName[] {
  return [
    ...(plan.features.policyAsCode ? (['conftest', 'opa'] as const) : []),
    ...(plan.features.progressiveDelivery !== 'none' ? (['kubectl-argo-rollouts'] as const) : []),
  ];
}

/** Where a CI platform lets the script install, and how it puts that directory on the PATH of later steps. */
export interface ToolsHost {
  /** The script's path, for its usage line. */
  path: string;
  /** A shell expression of the directory to install into (must fail when unset). */
  binDir: string;
  /** Shell lines run at the end, with "$bin" the directory (empty when the caller adds it to PATH). */
  addToPath: string[];
  /**
   * Jobs run in images that may lack tar, gzip or unzip (minimal distributions): install the
   * ones the chosen tools need from the image's own package manager first. The script is then
   * written one line per tool (each archive holds its tool under the tool's own name).
   */
  ensureExtractors?: boolean;
  /** The image's own package install command for them (yum install -y -q); else yum, apk and apt-get are tried. */
  installPackages?: string;
}

/** One case per tool on one line, extraction by the asset's type: for CI platforms that install many tools. */
function compactScript(tools: ToolName[], host: ToolsHost): string {
  const cases = tools.map((name) => `    ${name}) sha256=${TOOLS[name].sha256} url=${TOOLS[name].url} ;;`);
  return `#!/usr/bin/env bash
# Installs the TOOLs named from pinned releases, SHA-256 checked.
set -euo pipefail
bin="${host.binDir}"
mkdir -p "$bin"
cd "$bin"
${extractorLines(tools.map((name) => TOOLS[name]), host.installPackages).map((line) => `${line}\n`).join('')}for tool in "$@"; do
  case "$tool" in
${cases.join('\n')}
    *) echo "unknown tool: $tool" >&2; exit 2 ;;
  esac
  curl -fsSLo "$tool.download" "$url"
  echo "$sha256  $tool.download" | sha256sum -c -
  case "$url" in
${extractCases(tools.map((name) => TOOLS[name])).join('\n')}
    *) install -m 0755 "$tool.download" "$tool" ;;
  esac
done
${host.addToPath.map((line) => `${line}\n`).join('')}`;
}

/** The extraction cases of the asset types the chosen tools come in (a case no tool reaches is not written). */
function extractCases(tools: readonly Tool[]): string[] {
  return [
    ...(tools.some(isZip) ? ['    *.zip) unzip -o -q "$tool.download" "$tool" ;;'] : []),
    ...(tools.some((t) => t.member && !isZip(t)) ? ['    *.tar.gz) tar -xzf "$tool.download" "$tool" ;;'] : []),
  ];
}

/** The extractors the tools need that a minimal image may lack, from the image's package manager. */
function extractorLines(tools: readonly Tool[], install: string | undefined): string[] {
  const needed = [...(tools.some((t) => t.member && !isZip(t)) ? ['tar', 'gzip'] : []), ...(tools.some(isZip) ? ['unzip'] : [])];
  if (!needed.length) return [];
  if (install) return [`for cmd in ${needed.join(' ')}; do command -v "$cmd" >/dev/null || ${install} "$cmd"; done`];
  return [
    `for cmd in ${needed.join(' ')}; do`,
    '  command -v "$cmd" >/dev/null || yum install -y -q "$cmd" || apk add -q "$cmd" || { apt-get update -qq && apt-get install -y -qq "$cmd"; }',
    'done',
  ];
}

export function installScript(tools: ToolName[], host: ToolsHost): string {
  if (host.ensureExtractors) return compactScript(tools, host);
  const cases = tools.map((name) => {
    const t: Tool = TOOLS[name];
    return [`    ${name})`, `      url=${t.url}`, `      sha256=${t.sha256}`, `      member=${t.member ?? ''}`, '      ;;'].join('\n');
  });
  return `#!/usr/bin/env bash
# Installs pinned tools from their GitHub releases, each checked against its SHA-256 first.
# Usage: ${host.path} TOOL... (${tools.join(', ')})
set -euo pipefail
bin="${host.binDir}"
mkdir -p "$bin"
for tool in "$@"; do
  case "$tool" in
${cases.join('\n')}
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
${host.addToPath.map((line) => `${line}\n`).join('')}`;
}
