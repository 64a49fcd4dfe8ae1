import { uses } from '../../data/action-pins.js';
import type { Plan } from '../../plan/types.js';
import { GHA_CACHE, READ_ONLY, RUNNER, buildx, checkout, expr, type Workflow } from './gha.js';
import { LANGUAGES } from './languages.js';

/** Tests and a container build on every pull request and push to main. */
export function ciWorkflow(plan: Pick<Plan, 'stack'>): Workflow {
  const lang = LANGUAGES[plan.stack];
  return {
    name: 'CI',
    on: { pull_request: {}, push: { branches: ['main'] } },
    permissions: READ_ONLY,
    concurrency: { group: `${expr('github.workflow')}-${expr('github.ref')}`, 'cancel-in-progress': true },
    jobs: {
      test: {
        'runs-on': RUNNER,
        'timeout-minutes': 15,
        steps: [checkout(), lang.setup, ...lang.commands.map((run) => ({ run }))],
      },
      build: {
        'runs-on': RUNNER,
        'timeout-minutes': 20,
        steps: [
          checkout(),
          buildx(),
          { uses: uses('docker/build-push-action'), with: { context: '.', push: false, ...GHA_CACHE } },
        ],
      },
    },
  };
}
