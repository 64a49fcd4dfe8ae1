/**
 * Our own GitHub Actions rules (shared/REFERENCE.md §1, OpenSSF Scorecard):
 * - every `uses:` (steps and reusable-workflow jobs, in workflows and local composite actions)
 *   is pinned to the 40-hex SHA that src/data/action-pins.ts (ACTION_PINS) lists for that
 *   action, with the pin's `# vX.Y.Z` tag as a comment; local `./…` actions and
 *   `docker://…@sha256:<digest>` are allowed;
 * - `permissions` is declared at workflow level with no write scope (`write-all` included);
 *   write scopes belong on the jobs that need them;
 * - no `${{ github.event.* }}` / `github.head_ref` inlined in a `run:` script (script injection:
 *   pass them through `env:`);
 * - `actions/checkout` with `persist-credentials: false`, and no checkout of the pull request's
 *   head in a `pull_request_target`/`workflow_run` workflow (untrusted code with secrets).
 */
import { ACTION_PINS } from '../../src/platforms/ci/github-actions/action-pins.js';
import { type Finding, type RunContext, type Tree, isRecord, isWorkflowPath, lineAt, parseYaml } from './common.js';
import { actionsFiles, isActionMetadataPath, runSteps, usesRefs } from './workflows.js';

export const ACTIONS_HARDENING = 'actions-hardening';

const PINS: Record<string, { tag: string; sha: string }> = ACTION_PINS;
const SHA = /^[0-9a-f]{40}$/;

export function checkPin(value: string): string | undefined {
  if (value.startsWith('./')) return undefined;
  if (value.startsWith('docker://')) {
    return /@sha256:[0-9a-f]{64}$/.test(value) ? undefined : `container action "${value}" is not pinned by digest (docker://image@sha256:…)`;
  }
  const at = value.lastIndexOf('@');
  if (at < 0) return `"${value}" has no ref: pin it to a full commit SHA from src/data/action-pins.ts`;
  const path = value.slice(0, at);
  const ref = value.slice(at + 1);
  const action = path.split('/').slice(0, 2).join('/');
  const pin = PINS[action];
  if (!SHA.test(ref)) return `"${value}" is pinned to "${ref}", not a full 40-hex commit SHA${pin ? ` (ACTION_PINS: ${action}@${pin.sha} # ${pin.tag})` : ''}`;
  if (!pin) return `"${action}" is not in the pins table (src/data/action-pins.ts ACTION_PINS): add it with its release tag and SHA`;
  if (pin.sha !== ref) return `"${action}" is pinned to ${ref}, but ACTION_PINS has ${pin.sha} (${pin.tag})`;
  return undefined;
}

export async function checkActionsHardening(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  const push = (file: string, location: string | undefined, message: string): void => {
    findings.push({ validator: ACTIONS_HARDENING, file, location, message });
  };

  for (const ref of usesRefs(tree)) {
    const location = `${ref.where}${ref.line ? ` (line ${ref.line})` : ''}`;
    const problem = checkPin(ref.value);
    if (problem) {
      push(ref.file.path, location, problem);
      continue;
    }
    if (ref.value.startsWith('./') || ref.value.startsWith('docker://') || !ref.line) continue;
    const action = ref.value.slice(0, ref.value.lastIndexOf('@')).split('/').slice(0, 2).join('/');
    const tag = PINS[action]!.tag;
    const lineText = ref.file.content.split('\n')[ref.line - 1] ?? '';
    const comment = /#\s*(\S+)/.exec(lineText.slice(lineText.indexOf(ref.value) + ref.value.length))?.[1];
    if (comment !== tag) push(ref.file.path, location, comment ? `the comment says ${comment} but the SHA is ${action} ${tag}` : `pinned SHA without its release tag: add \`# ${tag}\` after it`);
  }

  for (const file of tree.values()) {
    if (!isWorkflowPath(file.path)) continue;
    const yf = parseYaml(file);
    const doc = yf.docs[0];
    if (!doc || !isRecord(doc.value)) continue;
    const perms = doc.value.permissions;
    if (perms === undefined) {
      push(file.path, 'permissions', 'no workflow-level `permissions:`: declare `permissions: contents: read` (or `{}`) and grant writes per job');
    } else if (typeof perms === 'string') {
      if (perms !== 'read-all') push(file.path, `permissions (line ${lineAt(yf, doc, ['permissions'])})`, `workflow-level permissions "${perms}": use read scopes at workflow level, write scopes on jobs`);
    } else if (isRecord(perms)) {
      for (const [scope, level] of Object.entries(perms)) {
        if (level === 'write') push(file.path, `permissions.${scope} (line ${lineAt(yf, doc, ['permissions', scope])})`, `write scope "${scope}: write" at workflow level: move it to the job that needs it`);
      }
    }
  }

  for (const file of actionsFiles(tree)) {
    const yf = parseYaml(file);
    const doc = yf.docs[0];
    if (!doc || !isRecord(doc.value)) continue;
    const on = doc.value.on;
    const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : isRecord(on) ? Object.keys(on) : [];
    const privileged = triggers.filter((t) => t === 'pull_request_target' || t === 'workflow_run');
    const jobs = isRecord(doc.value.jobs) ? Object.entries(doc.value.jobs) : [];
    const groups: [string, unknown][] = isActionMetadataPath(file.path)
      ? [['runs.steps', isRecord(doc.value.runs) ? doc.value.runs.steps : undefined]]
      : jobs.map(([id, job]) => [`jobs.${id}.steps`, isRecord(job) ? job.steps : undefined]);
    for (const [where, steps] of groups) {
      if (!Array.isArray(steps)) continue;
      steps.forEach((step, i) => {
        if (!isRecord(step) || typeof step.uses !== 'string' || !/^actions\/checkout@/.test(step.uses)) return;
        const withs = isRecord(step.with) ? step.with : {};
        const location = `${where}[${i}]`;
        if (withs['persist-credentials'] !== false) push(file.path, location, 'actions/checkout without `persist-credentials: false` leaves the token in .git/config for later steps');
        if (privileged.length && typeof withs.ref === 'string' && /github\.event\.(pull_request|workflow_run)\.head/.test(withs.ref)) {
          push(file.path, location, `checks out the pull request's head in a ${privileged.join('/')} workflow: untrusted code runs with the base repository's secrets`);
        }
      });
    }
  }

  for (const step of runSteps(tree)) {
    for (const m of step.script.matchAll(/\$\{\{\s*([^}]*?)\s*\}\}/g)) {
      const expr = m[1]!;
      if (/\bgithub\.(event\.|head_ref\b)/.test(expr)) {
        const line = step.firstLine + step.script.slice(0, m.index).split('\n').length - 1;
        push(step.file.path, `${step.where} run: line ${line}`, `\${{ ${expr} }} is inlined in a run: script (script injection): pass it through env: and use "$VAR"`);
      }
    }
  }
  return findings;
}
