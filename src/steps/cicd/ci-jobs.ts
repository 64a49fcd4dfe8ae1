/**
 * The CI workflow: on every pull request and push to the branch that deploys, the repository's own
 * install and tests with its package manager and runtime version, a container build and the stack
 * check; from T2 the security gates, each failing the pipeline on a finding and each job granted
 * only what it needs.
 */
import type { Plan } from '../../plan/types.js';
import { VERSION } from '../../version.js';
import { alertTestsJobs } from './alert-tests-job.js';
import { auditCommands, testCommands } from './languages.js';
import type { Job, Runner, Step, Workflow } from './model.js';

export const HOSTED: Runner = { kind: 'hosted' };
export const CHECKOUT: Step = { kind: 'checkout' };

/** Tag of the image CI builds and scans locally; never pushed. */
export const ciImage = (plan: Pick<Plan, 'image'>): string => `${plan.image.placeholder}:ci`;

export const run = (command: string): Step => ({ kind: 'run', run: command });

/** The toolchain step: the plan's runtime version and package manager, for every CI platform. */
export const toolchainStep = (plan: Pick<Plan, 'toolchain'>): Step => ({ kind: 'toolchain', ...plan.toolchain });

/** The generated stack still matches devops-stack.yaml; exits 1 on drift. Pinned to the generating version. */
export function stackCheckJob(plan: Pick<Plan, 'features'>): Job {
  const check = `npx --yes create-devops-stack@${VERSION} check`;
  const job = { id: 'stack-check', needs: [], runner: HOSTED, timeoutMinutes: 10 };
  if (!plan.features.securityGates) return { ...job, grants: [], steps: [CHECKOUT, run(check)] };
  return {
    ...job,
    grants: ['code-scanning'],
    // Findings show up in the code-scanning view even when the check fails the job.
    steps: [CHECKOUT, run(`${check} --sarif stack-check.sarif`), { kind: 'upload-findings', file: 'stack-check.sarif', category: 'stack-check' }],
  };
}

export function securityJobs(plan: Pick<Plan, 'stack' | 'toolchain' | 'app'>): Job[] {
  const audit = auditCommands(plan);
  const job = (id: string, steps: Step[], grants: Job['grants'] = []): Job => ({
    id,
    needs: [],
    runner: HOSTED,
    timeoutMinutes: 15,
    grants,
    steps: [CHECKOUT, ...steps],
  });
  return [
    job(
      'audit',
      audit
        ? [toolchainStep(plan), ...audit.map(run)]
        : [{ kind: 'scan', target: { kind: 'filesystem', path: '.' }, scanners: 'vuln' }],
    ),
    // read-actions lets CodeQL read the run's metadata in private repositories.
    job('codeql', [{ kind: 'sast', language: plan.stack }], ['code-scanning', 'read-actions']),
    // Any committed secret fails, whatever severity the scanner gives it.
    job('secret-scan', [{ kind: 'scan', target: { kind: 'filesystem', path: '.' }, scanners: 'secret' }]),
  ];
}

/** Tests (when the repository has any) and a container build on every change; from T2 also the security gates. */
export function ciWorkflow(plan: Pick<Plan, 'stack' | 'features' | 'image' | 'toolchain' | 'app' | 'branch' | 'name' | 'paths'>): Workflow {
  const gates = plan.features.securityGates;
  const build: Job = {
    id: 'build',
    needs: [],
    runner: HOSTED,
    timeoutMinutes: 20,
    grants: [],
    steps: [
      CHECKOUT,
      // With the gates, the image is loaded into the local engine so that the scanner reads it.
      { kind: 'image-build', output: gates ? { kind: 'local', tag: ciImage(plan) } : { kind: 'none' }, cache: 'read-write' },
      ...(gates ? [{ kind: 'scan', target: { kind: 'image', ref: ciImage(plan) }, scanners: 'vuln' } satisfies Step] : []),
    ],
  };
  // app.commands.test none: the repository has no tests, and a job that only installs would pass for nothing.
  const test: Job[] = plan.app.commands.test
    ? [{ id: 'test', needs: [], runner: HOSTED, timeoutMinutes: 15, grants: [], steps: [CHECKOUT, toolchainStep(plan), ...testCommands(plan).map(run)] }]
    : [];
  return {
    id: 'ci',
    title: 'CI',
    trigger: { pullRequests: true, branches: [plan.branch], manual: false },
    cancelSuperseded: true,
    jobs: [...test, build, stackCheckJob(plan), ...alertTestsJobs(plan), ...(gates ? securityJobs(plan) : [])],
  };
}
