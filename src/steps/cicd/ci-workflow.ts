import { uses } from '../../data/action-pins.js';
import type { Plan } from '../../plan/types.js';
import { ghaCache, READ_ONLY, RUNNER, buildx, checkout, expr, type GhaJob, type Workflow } from './gha.js';
import { LANGUAGES, setupStep } from './languages.js';
import { inStack, scoped } from './monorepo.js';
import { ciImage, imageScanSteps, securityJobs, stackCheckJob } from './security.js';

/** Tests and a container build on every pull request and push to main; from T2 also the security gates. */
export function ciWorkflow(plan: Pick<Plan, 'stack' | 'features' | 'image' | 'name' | 'location' | 'paths'>): Workflow {
  const lang = LANGUAGES[plan.stack];
  const gates = plan.features.securityGates;
  const build: GhaJob = {
    'runs-on': RUNNER,
    'timeout-minutes': 20,
    steps: [
      checkout(),
      buildx(),
      {
        uses: uses('docker/build-push-action'),
        // With the gates, the image is loaded into the local engine so that Trivy scans it.
        with: { context: inStack(plan, '.'), push: false, ...(gates ? { load: true, tags: ciImage(plan) } : {}), ...ghaCache(plan) },
      },
      ...(gates ? imageScanSteps(plan) : []),
    ],
  };
  return scoped(plan, plan.paths.ciWorkflow, {
    name: 'CI',
    on: { pull_request: {}, push: { branches: ['main'] } },
    permissions: READ_ONLY,
    concurrency: { group: `${expr('github.workflow')}-${expr('github.ref')}`, 'cancel-in-progress': true },
    jobs: {
      test: {
        'runs-on': RUNNER,
        'timeout-minutes': 15,
        steps: [checkout(), setupStep(plan), ...lang.commands.map((run) => ({ run }))],
      },
      build,
      'stack-check': stackCheckJob(plan),
      ...(gates ? securityJobs(plan) : {}),
    },
  });
}
