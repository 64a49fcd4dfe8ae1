/** What the containers target does not generate yet, refused with the reason and the alternatives. */
import type { Answers } from '../../../config/answers.js';
import type { Problem } from '../../../core/errors.js';
import { ECS_STRATEGIES } from './service.js';

export function containersProblems(a: Answers): Problem[] {
  const problems: Problem[] = [];
  if (a.cloud !== 'aws') {
    problems.push({
      where: 'target',
      message: `containers runs on AWS (ECS on Fargate) only so far; Cloud Run on ${a.cloud} is not generated yet`,
      remedy: 'Choose --cloud aws with --target containers, or --target kubernetes on Google Cloud (GKE Autopilot).',
    });
  }
  if (a.tier === 'T3') {
    problems.push({
      where: 'tier',
      message: 'containers is generated at T1 and T2 so far: T3 (a second region, policies on the workload, migrations before traffic) needs ECS counterparts not written yet',
      remedy: 'Choose --tier T2 with --target containers, or --target kubernetes for T3.',
    });
  }
  if (!ECS_STRATEGIES[a.strategy]) {
    problems.push({
      where: 'strategy',
      message: `${a.strategy} on ECS is not generated yet: ECS has it natively (deployment_configuration BLUE_GREEN, CANARY, LINEAR with CloudWatch-alarm rollback), but this generator maps only rolling and recreate so far`,
      remedy: 'Choose --strategy rolling (or recreate) with --target containers, or --target kubernetes for canary and blue-green with analysis.',
    });
  }
  if (a.domain) {
    problems.push({
      where: 'domain',
      message: `a domain (${a.domain}) is not generated for containers yet: the load balancer listens on HTTP only, with no certificate`,
      remedy: 'Remove domain from devops-stack.yaml and add an HTTPS listener with an ACM certificate to ecs.tf yourself, or choose --target kubernetes.',
    });
  }
  return problems;
}
