/**
 * External binaries the validators call. A missing tool fails the run in CI (CI=true) with the
 * command that installs it; elsewhere the validator is skipped with a printed reason, never silently.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type ToolName = 'shellcheck' | 'yamllint' | 'docker-compose' | 'promtool' | 'kubectl' | 'make' | 'git' | 'java' | 'cfn-guard';

const PROMTOOL_INSTALL =
  'd=$(mktemp -d) && (cd "$d" && apt-get download -qq prometheus && dpkg -x prometheus_*.deb x) && install -m755 "$d/x/usr/bin/promtool" /usr/local/bin/promtool';
// cfn-guard 3.1.1 is the static binary shipped inside this npm package (whose peer dependency,
// aws-cdk-lib, we do not want): unpack that one file, as .ci/run does.
const CFN_GUARD_INSTALL =
  'd=$(mktemp -d) && (cd "$d" && npm pack -q @cdklabs/cdk-validator-cfnguard@0.0.62 && tar xzf cdklabs-cdk-validator-cfnguard-0.0.62.tgz package/bin/ubuntu/x86_64/cfn-guard) && install -m755 "$d/package/bin/ubuntu/x86_64/cfn-guard" /usr/local/bin/cfn-guard';

/** How to install each tool on Debian bookworm (as root), as in shared/VALIDATORS.md. */
export const INSTALL: Record<ToolName, string> = {
  shellcheck: 'apt-get install -y --no-install-recommends shellcheck',
  yamllint: 'apt-get install -y --no-install-recommends yamllint',
  'docker-compose': 'apt-get install -y --no-install-recommends docker-compose',
  promtool: PROMTOOL_INSTALL,
  kubectl: 'kubectl (which bundles kustomize) must be on PATH: it ships with the machine image, there is no Debian package',
  make: 'apt-get install -y --no-install-recommends make',
  git: 'apt-get install -y --no-install-recommends git',
  java: 'apt-get install -y --no-install-recommends openjdk-17-jre-headless (npm-groovy-lint 16 runs CodeNarc on the JDK of the machine)',
  'cfn-guard': CFN_GUARD_INSTALL,
};

const found = new Map<ToolName, string | null>();

/** Absolute path of the tool on PATH (or /usr/local/bin), or undefined. */
export function whichTool(tool: ToolName): string | undefined {
  if (!found.has(tool)) {
    const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/bin', '/usr/bin'].filter(Boolean);
    let hit: string | null = null;
    for (const dir of dirs) {
      const candidate = join(dir, tool);
      try {
        accessSync(candidate, constants.X_OK);
        hit = candidate;
        break;
      } catch {
        // not here
      }
    }
    found.set(tool, hit);
  }
  return found.get(tool) ?? undefined;
}

export interface Skipped {
  validator: string;
  reason: string;
}

export class MissingToolError extends Error {
  constructor(
    readonly validator: string,
    readonly tool: string,
    how: string = INSTALL[tool as ToolName],
  ) {
    super(`${validator}: required tool \`${tool}\` is not installed (CI=true, so this fails instead of skipping). Install: ${how}`);
  }
}

const warned = new Set<string>();

/**
 * Path of every tool the validator needs, or undefined when one is missing: then, in CI, throws
 * MissingToolError; elsewhere records the skip and prints it (once per validator and tool).
 */
export function requireTools(
  validator: string,
  tools: readonly ToolName[],
  skipped: Skipped[],
  lookup: (tool: ToolName) => string | undefined = whichTool,
): Record<string, string> | undefined {
  const paths: Record<string, string> = {};
  for (const tool of tools) {
    const path = lookup(tool);
    if (path) {
      paths[tool] = path;
      continue;
    }
    if (process.env.CI === 'true') throw new MissingToolError(validator, tool);
    skip(validator, `\`${tool}\` is not installed (install: ${INSTALL[tool]})`, skipped);
    return undefined;
  }
  return paths;
}

/**
 * A data file the validator reads from outside the repository (the JSON schemas in
 * ../shared/schemas, never copied into the project): its path, or undefined when absent. Then,
 * in CI, throws; elsewhere records the skip and prints it once, as for a missing tool.
 */
export function requireFile(validator: string, what: string, path: string, skipped: Skipped[], exists: (p: string) => boolean = fileExists): string | undefined {
  if (exists(path)) return path;
  const reason = `${what} not found at ${path} (the shared/ reference folder belongs beside the clone)`;
  if (process.env.CI === 'true') throw new MissingToolError(validator, what, `put shared/ beside the clone: ${path}`);
  skip(validator, reason, skipped);
  return undefined;
}

/** Records a skip and prints it, once per validator and reason. */
function skip(validator: string, reason: string, skipped: Skipped[]): void {
  skipped.push({ validator, reason });
  const key = `${validator}\0${reason}`;
  if (!warned.has(key)) {
    warned.add(key);
    console.warn(`[validators] skipping ${validator}: ${reason}`);
  }
}

function fileExists(p: string): boolean {
  try {
    accessSync(p, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
