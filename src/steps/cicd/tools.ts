/**
 * Command-line tools CI downloads from their GitHub releases: an exact version and the SHA-256
 * of the Linux amd64 asset, checked before anything runs (never `curl | sh`). One generated
 * script installs them, so each job that needs a tool spends one line on it; it installs into a
 * directory of the job's own (no sudo: it works on self-hosted runners too), which each CI
 * platform puts on the PATH its own way.
 */
import type { Plan } from '../../plan/types.js';

interface Tool {
  version: string;
  url: string;
  sha256: string;
  /** The binary inside a .tar.gz asset; absent when the asset is the binary itself. */
  member?: string;
}

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
}

export function installScript(tools: ToolName[], host: ToolsHost): string {
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
