/**
 * A stack below the repository root (a monorepo's service). Its workflows live in the root's
 * .github/workflows (GitHub reads no other), so each one is scoped to the stack: named after it,
 * triggered only by changes under its directory (and to the workflow itself), and its `run:`
 * steps run in that directory. Action inputs are not `run:` steps: they resolve against the
 * workspace (the repository root), so every path they take is prefixed with the directory.
 * At the root, nothing here changes a byte.
 */
import type { Plan } from '../../plan/types.js';
import type { Workflow } from './gha.js';

type Located = Pick<Plan, 'location'>;

/** A path an action input takes, relative to the stack: from the workspace when the stack is below the root. */
export function inStack(plan: Located, path: string): string {
  const dir = plan.location.directory;
  if (!dir) return path;
  return path === '.' ? dir : `${dir}/${path}`;
}

/** A tree path (relative to the stack) of a repository-root file, as the repository sees it. */
export function fromRoot(plan: Located, treePath: string): string {
  return treePath.startsWith(plan.location.toRoot) ? treePath.slice(plan.location.toRoot.length) : treePath;
}

/**
 * The workflow, scoped to the stack when it is below the repository root. `file` is the
 * workflow's tree path. Keys keep the order name, on, permissions, defaults, concurrency, jobs.
 */
export function scoped(plan: Located & Pick<Plan, 'name'>, file: string, workflow: Workflow): Workflow {
  const dir = plan.location.directory;
  if (!dir) return workflow;
  // The workflow file is outside the directory: an edit to it must run it too.
  const paths = [`${dir}/**`, fromRoot(plan, file)];
  const on = Object.fromEntries(
    Object.entries(workflow.on).map(([event, filter]) => [event, event === 'push' || event === 'pull_request' ? { ...filter, paths } : filter]),
  );
  const { name, permissions, concurrency, jobs } = workflow;
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
