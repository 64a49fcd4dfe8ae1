/**
 * Reads an existing repository so that its answers are pre-filled and nothing of the user's is
 * duplicated or overwritten. Railpack's shape: one provider per language (src/detect/<language>/,
 * `detect` then `plan`), the first that applies decides; repository-level detectors add the
 * branch, CI systems, Kubernetes configuration, Dockerfile, compose services and settings. Every
 * decision keeps the file it came from and its reason. Files only, bounded, failure tolerant.
 */
import type { CiPlatform, Stack } from '../config/answers.js';
import { InputError } from '../core/errors.js';
import { ORCHESTRATION_KINDS } from '../lock/ownership.js';
import { STATIC_DEFAULTS } from '../config/defaults.js';
import { mergeSources } from '../config/load.js';
import { registry } from '../platforms/registry.js';
import { goProvider } from './go/index.js';
import { javaProvider } from './java/index.js';
import { nodeProvider } from './node/index.js';
import { pythonProvider } from './python/index.js';
import { Repo } from './repo.js';
import { detectBranch } from './repository/branch.js';
import { detectCi } from './repository/ci.js';
import { composeFiles, composeServices, dockerfileFacts } from './repository/containers.js';
import { detectKubernetes } from './repository/kubernetes.js';
import { resolveDetected } from './resolve.js';
import { envExampleSettings, localDefaultSettings } from './settings.js';
import { GO_SOURCES } from './go/serving.js';
import { NODE_SOURCES } from './node/serving.js';
import { PYTHON_SOURCES } from './python/frameworks.js';
import type { CiSystem, Detected, Detection, Provider } from './types.js';

export type { Detected, Detection, CiSystem, ExistingKubernetes } from './types.js';
export { formatDetection } from './format.js';

/**
 * In order of precedence: a package.json next to go.mod or pom.xml is usually front-end or
 * tooling, so Node is tried last.
 */
export const PROVIDERS: readonly Provider[] = [goProvider, javaProvider, pythonProvider, nodeProvider];

/** Where each language reads its environment with defaults (Spring's placeholders are read by the Java provider). */
const SOURCES: Record<Stack, readonly string[]> = { node: NODE_SOURCES, python: PYTHON_SOURCES, go: GO_SOURCES, java: ['.java', '.kt'] };

/** A detector that fails is reported, never fatal: detection only pre-fills answers. */
function tolerant(name: string, file: string, run: () => Detected[]): Detected[] {
  try {
    return run();
  } catch (error) {
    return [{ field: 'detection', value: name, file, ignored: `could not be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` }];
  }
}

/** Paths the lock says we generated: our own files are never "existing" configuration. */
function generatedPaths(repo: Repo): Set<string> {
  const files = repo.json('devops-stack.lock.json')?.['files'];
  return new Set(typeof files === 'object' && files !== null ? Object.keys(files) : []);
}

/**
 * `root`: the git repository root when the stack is below it (a monorepo service). CI is
 * configured there, for the whole repository, so it is looked for there too; the branch is read
 * from its .git. Files are named relative to the stack, like every other path in the messages.
 */
export function detectExisting(dir: string, root?: string): Detection {
  const repo = new Repo(dir, root && root !== dir ? root : undefined);
  const detected: Detected[] = [];
  // The Dockerfile's EXPOSE is what the existing image really listens on: it goes first.
  detected.push(...tolerant('Dockerfile', 'Dockerfile', () => dockerfileFacts(repo)));
  const applicable = PROVIDERS.flatMap((p) => {
    const file = p.detect(repo);
    return file ? [{ provider: p, file }] : [];
  });
  const [chosen, ...others] = applicable;
  // The author's own list of settings first: its order and comments are the ones to show.
  detected.push(...tolerant('.env.example', '.env.example', () => envExampleSettings(repo)));
  if (chosen) detected.push(...tolerant(`the ${chosen.provider.stack} project`, chosen.file, () => chosen.provider.plan(repo)));
  if (chosen) detected.push(...tolerant('settings with local defaults', chosen.file, () => localDefaultSettings(repo.sources(SOURCES[chosen.provider.stack]).files)));
  for (const other of others.filter((o) => o.provider.stack !== chosen!.provider.stack)) {
    detected.push({ field: 'stack', value: other.provider.stack, file: other.file, ignored: `${chosen!.file} takes precedence` });
  }
  detected.push(...tolerant('compose file', 'compose.yaml', () => composeServices(repo)));
  detected.push(...tolerant('git', '.git', () => detectBranch(dir, root ?? (repo.read('.git', 1) !== undefined || repo.isDir('.git') ? dir : undefined))));
  const generated = generatedPaths(repo);
  const ci = ciSystems(repo, generated);
  for (const system of ci) detected.push({ field: 'ci', value: system.id, file: system.files.join(', '), reason: system.title });
  // A workflow of the repository's own under a name ours would take (at the root: ci.yml, deploy.yml; below it
  // ours are <name>-ci.yml, and a sibling stack of the same name is refused): ours get names of their own.
  // Only in a repository new to us: a stack generated before has ciFiles in its answers, and without a
  // readable lock its own workflows would look like the user's.
  const ours = ['devops-stack.yaml', 'devops-stack.lock.json'].some((f) => repo.read(f, 1) !== undefined);
  const taken = ours ? undefined : ci.find((c) => c.id === 'github-actions')?.files.find((f) => /^\.github\/workflows\/(ci|deploy)\.yml$/.test(f) && repo.read(f, 1) !== undefined);
  if (taken) detected.push({ field: 'ciFiles', value: 'distinct', file: taken, reason: 'your workflow has a name ours would take: ours are named devops-*.yml' });
  const kubernetes = detectKubernetes(repo, generated);
  detected.push(...kubernetes.detected);
  const makefiles = ORCHESTRATION_KINDS.make.filter((name) => repo.read(name, 1) !== undefined);
  const resolved = resolveDetected(detected);
  // A CI system we generate for is offered (ci pre-filled, unless it is the default anyway); flags and the answers file still win.
  const offered = ci.map((c) => platformOf(c.id)).find(Boolean);
  const answers = offered && offered !== STATIC_DEFAULTS.ci ? { ...resolved.answers, ci: offered } : resolved.answers;
  return { ...resolved, answers, ci, kubernetes: kubernetes.found, orchestration: [...composeFiles(repo), ...makefiles] };
}

/** Detected CI systems whose id differs from the platform we generate for them, as the answers name it. */
const ALIASES: Partial<Record<CiSystem['id'], CiPlatform>> = { 'azure-pipelines': 'azure-devops' };

/** The CI platform we generate for a detected CI system, if any. */
function platformOf(id: CiSystem['id']): CiPlatform | undefined {
  return ALIASES[id] ?? (id in registry().ci ? (id as CiPlatform) : undefined);
}

/** The stack's own CI files, then the repository root's (a monorepo), without the ones we generated. */
function ciSystems(repo: Repo, generated: ReadonlySet<string>): CiSystem[] {
  const prefixes = [...new Set(['', repo.upward().at(-1)!])];
  const all: CiSystem[] = [];
  for (const prefix of prefixes) {
    for (const system of detectCi(repo, prefix)) {
      const files = system.files.filter((f) => !generated.has(f));
      if (!files.length) continue;
      const existing = all.find((s) => s.id === system.id);
      if (existing) existing.files.push(...files.filter((f) => !existing.files.includes(f)));
      else all.push({ ...system, file: files[0]!, files });
    }
  }
  return all;
}

/**
 * Detected answers that hold only for the detected stack (package manager, commands, runtime
 * version, native needs, metrics library) go below everything else, and only while the stack is
 * still that one: a user who chooses another stack does not inherit `yarn install`.
 */
export function applyStackAnswers(raw: Record<string, unknown>, detection: Detection | undefined): Record<string, unknown> {
  const own = detection?.stackAnswers;
  if (!own || (raw['stack'] ?? own.stack) !== own.stack) return raw;
  return mergeSources({ app: own.app }, raw);
}

/**
 * Next to a CI system we do not generate for, our pipeline would be a second one nobody asked
 * for. Stops unless `ci` was chosen explicitly; a system we generate for is offered instead.
 */
export function foreignCiProblem(detection: Detection, ciChosen: boolean): InputError | undefined {
  if (ciChosen || detection.ci.some((c) => platformOf(c.id))) return undefined;
  const foreign = detection.ci[0];
  if (!foreign) return undefined;
  const ours = Object.values(registry().ci).map((c) => c.title).join(' or ');
  return new InputError([
    {
      where: foreign.file,
      message: `this repository already runs ${foreign.title}; create-devops-stack writes ${Object.values(registry().ci).map((c) => c.title).join(' or ')} pipelines, which would be a second CI system`,
      remedy: `Pass ${Object.keys(registry().ci).map((id) => `--ci ${id}`).join(' or ')} to add that pipeline anyway (${foreign.file} is left as it is), or set ci in devops-stack.yaml.`,
    },
  ]);
}
