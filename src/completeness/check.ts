/**
 * Completeness: every deliverable of every step, checked against a file tree (the one
 * just generated, or files read from disk), as present / missing / skipped for this
 * tier, with the share present. Below the threshold the report says what is missing
 * and how to get it.
 */
import { skippedSteps } from '../config/answers.js';
import type { Plan } from '../plan/types.js';
import type { ContentCheck, Deliverable, DeliverableStep } from './deliverable.js';
import { DELIVERABLES } from './steps.js';

export type DeliverableStatus = 'present' | 'missing' | 'skipped';

export interface DeliverableResult {
  id: string;
  step: DeliverableStep;
  what: string;
  /** The file that satisfied it, or where it was expected (a directory ends with "/"). */
  path: string;
  status: DeliverableStatus;
  /** Missing: why (absent, or which check failed). Skipped: the tier it starts at, or that its step is left out. */
  detail?: string;
  /** Missing: how to get it. */
  remedy?: string;
}

export interface CompletenessReport {
  /** present / (present + missing), as a whole percentage; 100 when nothing is expected. */
  percent: number;
  present: number;
  missing: number;
  skipped: number;
  threshold: number;
  deliverables: DeliverableResult[];
}

export const COMPLETENESS_THRESHOLD = 80;
const LEFT_OUT = 'left out in devops-stack.yaml';

/** What completeness reads: paths and contents (a FileTree fits). */
export type Files = ReadonlyMap<string, { content: string }>;

const passes = (check: ContentCheck, content: string): boolean => (typeof check === 'function' ? check(content) : new RegExp(check.source, check.flags.replace('g', '')).test(content));

function failedCheck(d: Deliverable, content: string): string | undefined {
  const failed = d.checks.find((c) => !passes(c, content));
  if (!failed) return undefined;
  return typeof failed === 'function' ? `fails the ${failed.name || 'content'} check` : `does not match ${String(failed)}`;
}

function evaluate(d: Deliverable, files: Files, rerun: string): DeliverableResult {
  const base = { id: d.id, step: d.step, what: d.what };
  const where = d.path ?? (d.under ? `${d.under}/` : '(any file)');
  if (!d.applies) return { ...base, path: where, status: 'skipped', detail: `from ${d.from}` };
  const remedy = `Re-run \`${rerun}\` to regenerate it (or restore it with \`git checkout -- ${where}\`).`;
  if (d.path !== undefined) {
    const file = files.get(d.path);
    if (!file) return { ...base, path: where, status: 'missing', detail: 'file is absent', remedy };
    const failure = failedCheck(d, file.content);
    return failure ? { ...base, path: where, status: 'missing', detail: failure, remedy } : { ...base, path: where, status: 'present' };
  }
  const prefix = d.under ? `${d.under}/` : '';
  const candidates = [...files].filter(([path]) => path.startsWith(prefix));
  const found = candidates.find(([, file]) => failedCheck(d, file.content) === undefined);
  if (found) return { ...base, path: found[0], status: 'present' };
  // A file that passes the first check (usually the kind) but not the rest: name what it lacks.
  const near = d.checks.length > 1 ? candidates.find(([, file]) => passes(d.checks[0]!, file.content)) : undefined;
  if (near) return { ...base, path: near[0], status: 'missing', detail: failedCheck(d, near[1].content)!, remedy };
  return { ...base, path: where, status: 'missing', detail: `no file under ${where} has it`, remedy };
}

/** A left-out step's deliverable is skipped, not missing; one still generated (the Dockerfile without CI/CD) counts as present. */
function leftOut(result: DeliverableResult): DeliverableResult {
  if (result.status === 'present') return result;
  const { remedy: _remedy, ...rest } = result;
  return { ...rest, status: 'skipped', detail: LEFT_OUT };
}

export function checkCompleteness(plan: Plan, files: Files, rerun = 'npx create-devops-stack --config devops-stack.yaml --yes'): CompletenessReport {
  const skipped: readonly string[] = skippedSteps(plan.answers);
  const deliverables = (Object.keys(DELIVERABLES) as DeliverableStep[])
    .flatMap((step) => DELIVERABLES[step](plan))
    .map((d) => (skipped.includes(d.step) ? leftOut(evaluate(d, files, rerun)) : evaluate(d, files, rerun)));
  const count = (s: DeliverableStatus): number => deliverables.filter((d) => d.status === s).length;
  const present = count('present');
  const missing = count('missing');
  return {
    percent: present + missing === 0 ? 100 : Math.floor((100 * present) / (present + missing)),
    present,
    missing,
    skipped: count('skipped'),
    threshold: COMPLETENESS_THRESHOLD,
    deliverables,
  };
}

/** Human lines: the percentage; below the threshold (or with anything missing) what and how. */
export function formatCompleteness(report: CompletenessReport): string[] {
  const lines = [`Completeness ${report.percent}% (${report.present} present, ${report.missing} missing, ${report.skipped} not part of this tier${report.deliverables.some((d) => d.detail === LEFT_OUT) ? ' or left out' : ''})`];
  const missing = report.deliverables.filter((d) => d.status === 'missing');
  if (report.percent < report.threshold) lines.push(`  below ${report.threshold}%: these deliverables are missing`);
  for (const d of missing) lines.push(`  ✖ ${d.path}: ${d.what} (${d.detail})`, `    → ${d.remedy}`);
  return lines;
}
