/**
 * A stack below the repository root (a monorepo's service). Its workflows live in the root's
 * .github/workflows (GitHub reads no other), so each one is scoped to the stack: named after it,
 * triggered only by changes under its directory (and to the workflow itself), and its `run:`
 * steps run in that directory. Action inputs are not `run:` steps: they resolve against the
 * workspace (the repository root), so every path they take is prefixed with the directory.
 * At the root, nothing here changes a byte.
 */
import { fromRoot } from '../../../plan/conventions.js';
import type { Plan } from '../../../plan/types.js';
import type { GhaJob, GhaStep, Workflow } from './gha.js';

type Located = Pick<Plan, 'location'>;

const isCheckout = (step: GhaStep): boolean => step.uses?.startsWith('actions/checkout@') ?? false;

/** The job with `defaults.run.working-directory: .`, placed before its steps. */
function withDefaults(job: GhaJob): GhaJob {
  const { steps, ...rest } = job;
  return { ...rest, defaults: { run: { 'working-directory': '.' } }, steps };
}

/** A path an action input takes, relative to the stack: from the workspace when the stack is below the root. */
export function inStack(plan: Located, path: string): string {
  const dir = plan.location.directory;
  if (!dir) return path;
  return path === '.' ? dir : `${dir}/${path}`;
}

/**
 * The workflow, scoped to the stack when it is below the repository root. `file` is the
 * workflow's tree path. Keys keep the order name, on, permissions, defaults, concurrency, jobs.
 */
export function scoped(plan: Located & Pick<Plan, 'name' | 'paths'>, file: string, workflow: Workflow): Workflow {
  const dir = plan.location.directory;
  if (!dir) return workflow;
  // The workflow file is outside the directory: an edit to it must run it too. CI also runs on an
  // edit of the stack's deploy workflow, so that its stack-check sees every file the stack owns
  // (one pattern for both: `<name>-*.yml`; another stack's name can only add a harmless run).
  const own = fromRoot(plan.location, file);
  const paths = [`${dir}/**`, file === plan.paths.ciWorkflow ? own.replace(/-ci\.yml$/, '-*.yml') : own];
  const on = Object.fromEntries(
    Object.entries(workflow.on).map(([event, filter]) => [event, event === 'push' || event === 'pull_request' ? { ...filter, paths } : filter]),
  );
  const { name, permissions, concurrency } = workflow;
  // A job that checks nothing out has no stack directory to run in: bash would not even start
  // ("working directory … No such file or directory"). It runs in the workspace instead.
  const jobs = Object.fromEntries(
    Object.entries(workflow.jobs).map(([id, job]) => [id, job.steps.some((step) => step.run) && !job.steps.some(isCheckout) ? withDefaults(job) : job]),
  );
  return {
    // Names are per stack: the Actions tab lists them side by side, and the CI concurrency group is keyed on it.
    name: `${name} (${plan.name})`,
    on,
    permissions,
    defaults: { run: { 'working-directory': dir } },
    ...(concurrency ? { concurrency } : {}),
    jobs,
  };
}
