/**
 * How a GitHub Actions job logs in to each cloud and its image registry: the clouds' own actions,
 * pinned by SHA. One entry per cloud; the rest of the renderer is cloud-neutral.
 */
import type { Cloud } from '../../../config/answers.js';
import type { Plan } from '../../../plan/types.js';
import { roleVariable } from '../../cloud/aws/index.js';
import type { IdentityPurpose } from '../../../steps/cicd/model.js';
import { uses } from './action-pins.js';
import { expr, type GhaStep } from './gha.js';

export interface GhaCloud {
  /** The action that exchanges the job's OIDC token for the environment's identity of that purpose. */
  login(plan: Pick<Plan, 'identityVariables'>, region: string, purpose: IdentityPurpose): GhaStep;
  /** Reads a login step back: whether a `uses:` is this cloud's login action, and the region it asks for. */
  isLogin(uses: string): boolean;
  loginRegion(inputs: Record<string, unknown>): string;
  /** Logs in to the registry; its host is `registryHost` afterwards. */
  registryLogin: GhaStep;
  registryHost: string;
}

export const GHA_CLOUDS: Record<Cloud, GhaCloud> = {
  aws: {
    // Terraform's jobs take on the infrastructure role, the push and deploy jobs the deploy role.
    login: (plan, region, purpose) => ({
      uses: uses('aws-actions/configure-aws-credentials'),
      with: { 'role-to-assume': expr(`vars.${plan.identityVariables[roleVariable(purpose)]}`), 'aws-region': region },
    }),
    isLogin: (action) => /^aws-actions\/configure-aws-credentials(@|$)/.test(action),
    loginRegion: (inputs) => (typeof inputs['aws-region'] === 'string' ? inputs['aws-region'] : ''),
    registryLogin: { id: 'ecr', uses: uses('aws-actions/amazon-ecr-login') },
    registryHost: expr('steps.ecr.outputs.registry'),
  },
};
