/**
 * Every adapter by id: the one place that knows which platforms exist. Adding a platform is adding
 * its folder and one line here (and its id to the answers schema).
 *
 * The tables are built on first use, not at load: an adapter module may import this one (to reach
 * another kind of adapter), and whichever module loads first must not see the tables half filled.
 */
import type { CiPlatform, Cloud, Iac, Target } from '../config/answers.js';
import type { Plan } from '../plan/types.js';
import { circleci } from './ci/circleci/index.js';
import { azureDevOps } from './ci/azure-devops/index.js';
import { githubActions } from './ci/github-actions/index.js';
import { jenkins } from './ci/jenkins/index.js';
import { gitlabCi } from './ci/gitlab-ci/index.js';
import { aws } from './cloud/aws/index.js';
import { azure } from './cloud/azure/index.js';
import { gcp } from './cloud/gcp/index.js';
import { cloudformation } from './iac/cloudformation/index.js';
import { terraform } from './iac/terraform/index.js';
import { kubernetes } from './target/kubernetes/index.js';
import { containers } from './target/containers/index.js';
import type { CiPlatformAdapter, CloudAdapter, IacAdapter, TargetAdapter } from './types.js';

interface Registry {
  ci: Record<CiPlatform, CiPlatformAdapter>;
  cloud: Record<Cloud, CloudAdapter>;
  iac: Record<Iac, IacAdapter>;
  target: Record<Target, TargetAdapter>;
}

let tables: Registry | undefined;

export function registry(): Registry {
  tables ??= {
    ci: { 'github-actions': githubActions, 'gitlab-ci': gitlabCi, jenkins, circleci, 'azure-devops': azureDevOps },
    cloud: { aws, gcp, azure },
    iac: { terraform, cloudformation },
    target: { kubernetes, containers },
  };
  return tables;
}

/** Every path any adapter can write, as patterns (src/lock/known-paths.ts: removals touch no other). */
export function allKnownPaths(): string[] {
  const r = registry();
  return [r.ci, r.cloud, r.iac, r.target].flatMap((kind) => Object.values(kind).flatMap((adapter) => [...adapter.knownPaths]));
}

type Platforms = Pick<Plan, 'platforms'>;
export const ciOf = (plan: Platforms): CiPlatformAdapter => registry().ci[plan.platforms.ci];
export const cloudOf = (plan: Platforms): CloudAdapter => registry().cloud[plan.platforms.cloud];
export const iacOf = (plan: Platforms): IacAdapter => registry().iac[plan.platforms.iac];
export const targetOf = (plan: Platforms): TargetAdapter => registry().target[plan.platforms.target];
