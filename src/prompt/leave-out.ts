/**
 * Which steps could be left out, given what the others read from them (each step's
 * dependsOn, and the consistency rules). The answer is `skip` (cicd, observability); the
 * guided run offers only the possible ones, and src/config/combinations.ts refuses the
 * rest with the same reasoning.
 *
 * - deployment: never; CI applies its manifests and the ServiceMonitor selects its Service.
 * - iac: never while CI deploys; CI's deploy jobs need its cluster, registry and roles.
 * - cicd: yes; nothing reads CI's files (the guides then describe manual deploys).
 * - observability: yes, unless canary or blue-green analysis queries the metrics it collects.
 */
import type { Answers } from '../config/answers.js';
import type { GoalStep } from '../goal/vocabulary.js';

export interface LeaveOut {
  step: GoalStep;
  possible: boolean;
  /** Why not, or what is lost. */
  reason: string;
}

export function leaveOutOptions(a: Answers): LeaveOut[] {
  const progressive = a.tier !== 'T1' && (a.strategy === 'canary' || a.strategy === 'blue-green');
  return [
    { step: 'cicd', possible: true, reason: 'nothing else reads the workflows; you build, push and apply by hand' },
    { step: 'iac', possible: false, reason: 'the CI/CD deploy jobs need the cluster, registry and deploy roles it creates' },
    progressive
      ? { step: 'observability', possible: false, reason: `${a.strategy} analysis queries the metrics it makes Prometheus collect` }
      : { step: 'observability', possible: true, reason: 'nothing else reads it; you lose alerts and the dashboard' },
    { step: 'deployment', possible: false, reason: 'CI applies its manifests and the monitor selects its Service' },
  ];
}
