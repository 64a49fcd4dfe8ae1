/**
 * Reads an existing repository so that its answers are pre-filled and nothing of the
 * user's is duplicated or overwritten: language and name from the build manifest, the
 * port from the Dockerfile, backing services from a compose file, the CI system in use,
 * and local orchestration to keep. No child processes, no network: files only.
 */
import { join, relative, sep } from 'node:path';
import { InputError } from '../core/errors.js';
import { ORCHESTRATION_KINDS } from '../lock/ownership.js';
import { registry } from '../platforms/registry.js';
import { detectCi } from './ci.js';
import { composeFiles, detectBackingServices, detectPort } from './containers.js';
import { detectLanguage } from './language.js';
import { readText } from './read.js';
import type { Detection } from './types.js';

export type { Detected, Detection, CiSystem } from './types.js';

function setField(answers: Record<string, unknown>, field: string, value: unknown): void {
  const [head, tail] = field.split('.') as [string, string | undefined];
  if (tail === undefined) answers[head] = value;
  else answers[head] = { ...(answers[head] as Record<string, unknown> | undefined), [tail]: value };
}

/**
 * `root`: the git repository root when the stack is below it (a monorepo service). CI is
 * configured there, for the whole repository, so it is looked for there too; its files are
 * named relative to the stack, like every other path in the messages.
 */
export function detectExisting(dir: string, root?: string): Detection {
  const detected = [...detectLanguage(dir), ...detectPort(dir), ...detectBackingServices(dir)];
  const answers: Record<string, unknown> = {};
  for (const d of detected) if (!d.ignored && !(d.field in answers)) setField(answers, d.field, d.value);
  const atRoot = root ? detectCi(root).map((c) => ({ ...c, file: relative(dir, join(root, c.file)).split(sep).join('/') })) : [];
  const ci = [...detectCi(dir), ...atRoot].filter((c, i, all) => all.findIndex((o) => o.id === c.id) === i);
  for (const system of ci) detected.push({ field: 'ci', value: system.id, file: system.file });
  // A CI system we generate for is offered (ci pre-filled); flags and the answers file still win.
  const offered = ci.find((c) => c.id in registry().ci);
  if (offered) answers['ci'] = offered.id;
  const makefiles = ORCHESTRATION_KINDS.make.filter((name) => readText(dir, name) !== undefined);
  return { answers, detected, ci, orchestration: [...composeFiles(dir), ...makefiles] };
}

/**
 * Next to a CI system we do not generate for, our pipeline would be a second one nobody asked
 * for. Stops unless `ci` was chosen explicitly; a system we generate for is offered instead.
 */
export function foreignCiProblem(detection: Detection, ciChosen: boolean): InputError | undefined {
  if (ciChosen || detection.ci.some((c) => c.id in registry().ci)) return undefined;
  const foreign = detection.ci[0];
  if (!foreign) return undefined;
  return new InputError([
    {
      where: foreign.file,
      message: `this repository already runs ${foreign.title}; create-devops-stack writes ${Object.values(registry().ci).map((c) => c.title).join(' or ')} pipelines, which would be a second CI system`,
      remedy: `Pass ${Object.keys(registry().ci).map((id) => `--ci ${id}`).join(' or ')} to add that pipeline anyway (${foreign.file} is left as it is), or set ci in devops-stack.yaml.`,
    },
  ]);
}

/** One line per detection, for the summary. */
export function formatDetection(detection: Detection): string[] {
  return detection.detected.map((d) => {
    const value = Array.isArray(d.value) ? d.value.join(', ') : String(d.value);
    return `  ${d.field} = ${value} (from ${d.file})${d.ignored ? ` — not used: ${d.ignored}` : ''}`;
  });
}
