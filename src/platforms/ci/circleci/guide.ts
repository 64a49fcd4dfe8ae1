/** What CircleCI adds to the guides: short lines here, the sections in templates/ci/circleci/. */
import type { Plan } from '../../../plan/types.js';
import type { CiJobNames, GuideData, NextSteps } from '../../types.js';
import { circleciIds } from './oidc.js';
import { approvalOf, contextOf, runnerNamespace } from './render.js';

export const circleciGuide: GuideData & NextSteps & { jobs(plan: Plan): CiJobNames; approval(plan: Plan): string; settingsIn(plan: Plan, environment: string): string } = {
  tools: (plan) => (plan.features.privateApi ? ['CircleCI CLI (`circleci`)'] : []),
  prerequisites: (plan) => [`CircleCI project of \`${plan.repository}\``],
  fixAnswers: (plan) => [
    ...(plan.repository.startsWith('OWNER/') ? [`Set repository: OWNER/NAME of your GitHub repository in ${plan.paths.answers} and re-run (the deploy identities trust only that repository).`] : []),
    ...(plan.answers.ciIdentity
      ? []
      : [`Set ciIdentity (organization and project ids from CircleCI's Organization and Project Settings) in ${plan.paths.answers} and re-run: the deploy identities trust only that project's tokens.`]),
    ...(contextsInTrust(plan) && plan.environments.some((e) => !plan.answers.ciIdentity?.contexts?.[e.name])
      ? [`Create the contexts ${plan.environments.map((e) => contextOf(plan, e.name)).join(', ')}, set ciIdentity.contexts (environment: context id, from curl -H "Circle-Token: $CIRCLE_TOKEN" 'https://circleci.com/api/v2/context?owner-id=ORGANIZATION_ID') in ${plan.paths.answers} and re-run: each environment's service accounts trust only its context's jobs.`]
      : []),
  ],
  configure: (plan) => {
    const contexts = plan.environments.map((e) => contextOf(plan, e.name)).join(', ');
    const variables = Object.values(plan.identityVariables).join(', ');
    return [`In CircleCI → Organization Settings → Contexts, create ${contexts} (restricted to this project and branch) and set ${variables} in each to the value the bootstrap prints.`];
  },
  approval: (plan) => `the approval job \`${approvalOf(plan, plan.environments.find((e) => e.isProduction)!.name)}\``,
  settingsIn: (plan, environment) => `context \`${contextOf(plan, environment)}\``,
  // One job per deploy target applies its Terraform and deploys (one lock); at T3 the rollout runs on a runner in the VPC.
  jobs: (plan) => (plan.features.privateApi ? { infrastructure: 'push-<env>', deploy: 'deploy-<env>' } : { infrastructure: 'deploy-<env>', deploy: 'deploy-<env>' }),
};

/**
 * Whether the cloud's trust binds each environment to its context's id (Google Cloud's attribute
 * condition reads the token's claims); AWS roles bind the subject, which names no context.
 */
const contextsInTrust = (plan: Plan): boolean => plan.environments.some((e) => e.trust.claims) && plan.platforms.cloud === 'gcp';

/** The ids the guides show, and whether they are the answers' or placeholders. */
export const guideIds = (plan: Plan) => ({ ...circleciIds(plan.answers), given: !!plan.answers.ciIdentity });

/** What templates/ci/circleci/ reads, as `ci`. */
export function circleciGuideContext(plan: Plan): object {
  const production = plan.environments.find((e) => e.isProduction)!.name;
  const runners = plan.environments.flatMap((e) => e.targets).filter((t) => t.runner.kind === 'self-hosted');
  return {
    ...guideIds(plan),
    branch: plan.answers.branch,
    approval: approvalOf(plan, production),
    production: contextOf(plan, production),
    contexts: plan.environments.map((e) => ({ context: contextOf(plan, e.name), isProduction: e.isProduction })),
    runners: runners.map((t) => ({ resourceClass: `${runnerNamespace(plan)}/${t.runner.kind === 'self-hosted' ? t.runner.label : ''}`, clusterName: t.clusterName, region: t.region })),
    config: `${plan.location.directory}/${plan.paths.ciWorkflow}`,
    changed: `${plan.name}-changed`,
    contextsInTrust: contextsInTrust(plan),
  };
}
