/**
 * CloudFormation (AWS only, T1 and T2 so far): a bootstrap stack an administrator deploys once,
 * and per deploy target a platform stack deployed by change set with its parameter file, by CI
 * from T2 (as the environment's execution role) and by an administrator at T1. The templates are
 * the cloud's (src/platforms/cloud/aws/cloudformation/); the change-set script is plain shell and
 * the AWS CLI, so every CI platform runs it as it is.
 */
import { shCommand } from '../../../render/shell.js';
import { awsCloudFormation, CFN_FILES, platformParameters } from '../../cloud/aws/cloudformation/index.js';
import { executionRoleName } from '../../cloud/aws/cloudformation/cfn.js';
import type { IacAdapter } from '../../types.js';
import { cloudFormationDeliverables } from './deliverables.js';
import { extractCloudFormation } from './extract.js';

const DIR = 'infra/cloudformation';

/** How long a change set may take to be computed (a failed first stack deleted first), and to be executed (a new EKS cluster takes 10–15 minutes). */
// Within CircleCI's one-hour job limit with the rest of the job (10 + 45 + 5): an EKS cluster and its VPC take about 15–20 minutes.
export const CHANGE_SET_MINUTES = { plan: 10, apply: 45 } as const;

export const cloudformation: IacAdapter = {
  id: 'cloudformation',
  title: 'CloudFormation',
  knownPaths: [`${DIR}/{bootstrap|platform}.yaml`, `${DIR}/{bootstrap|platform}.{label}.json`, `${DIR}/change-set.sh`, 'deploy/cluster/auto-mode.yaml'],
  guide: {
    tools: () => ['AWS CLI v2'],
    prerequisites: () => [],
  },
  checklist: (plan) => [`In \`${plan.paths.iacDir}\`, every change set shows only the changes you expect (\`${CFN_FILES.script} plan\` prints them)`],
  clouds: ['aws'],
  tiers: ['T1', 'T2'],
  targets: ['kubernetes'],
  bootstrapDir: DIR,
  ciSetup: false,
  dir: DIR,
  targetFiles: (_cloud, id) => ({ varsPath: platformParameters(id), backendConfigPath: '' }),
  commands(plan, env, target) {
    const script = `${plan.paths.iacDir}/${CFN_FILES.script}`;
    const where = target.primary ? env.name : `${env.name} in ${target.region}`;
    // From T2 CI deploys, as the environment's execution role; at T1 an administrator, as themself.
    const role = plan.features.infrastructureInCi ? [executionRoleName(plan.name, env.name)] : [];
    return {
      infraInit: { description: `Show the ${where} platform stack's status`, run: shCommand('bash', script, 'status', 'platform', target.id) },
      infraPlan: {
        description: `Create and show the ${where} change set`,
        run: shCommand('timeout', `${CHANGE_SET_MINUTES.plan}m`, 'bash', script, 'plan', 'platform', target.id, ...role),
        timeoutMinutes: CHANGE_SET_MINUTES.plan,
      },
      infraApply: {
        description: `Execute the reviewed ${where} change set`,
        run: shCommand('timeout', `${CHANGE_SET_MINUTES.apply}m`, 'bash', script, 'apply', 'platform', target.id),
        timeoutMinutes: CHANGE_SET_MINUTES.apply,
      },
    };
  },
  render: (plan) => awsCloudFormation(plan),
  extract: (tree, plan) => extractCloudFormation(tree, plan),
  deliverables: (plan) => cloudFormationDeliverables(plan),
};
