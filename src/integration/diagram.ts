/**
 * The integration guide's diagram of the stack (T2 and T3; T1's token budget leaves no room):
 * CI, then per deploy target in promotion order its infrastructure and its deploy, the approval
 * before production, and observability watching every deploy. Built from the neutral plan, so it
 * reads the same for every CI platform, cloud and IaC tool; node ids are ours, and every label
 * (environment names and regions are the user's) goes through the Mermaid quoting of
 * render/mermaid.ts.
 */
import { skippedSteps } from '../config/answers.js';
import type { Plan } from '../plan/types.js';
import { ciOf, iacOf } from '../platforms/registry.js';
import { flowchart, type MermaidChain, type MermaidNode } from '../render/mermaid.js';

/** Node ids, by role and the target's position in promotion order (never a user's value). */
export const DIAGRAM_IDS = {
  ci: 'ci',
  approval: 'approval',
  observe: 'observe',
  iac: (index: number) => `iac${index}`,
  deploy: (index: number) => `deploy${index}`,
} as const;

/** The diagram's Mermaid source, or undefined where the stack has one environment (T1). */
export function stackDiagram(plan: Plan): string | undefined {
  if (!plan.features.multiEnvironment) return undefined;
  const skipped = skippedSteps(plan.answers);
  const withCi = !skipped.includes('cicd');
  const withObservability = !skipped.includes('observability');
  const nodes: MermaidNode[] = [];
  // The order things run in, as one chain.
  const path: string[] = [];
  const gates = [plan.features.securityGates ? 'scans' : '', plan.features.supplyChain ? 'signature' : ''].filter(Boolean);
  if (withCi) {
    nodes.push({ id: DIAGRAM_IDS.ci, label: `${ciOf(plan).title}: tests, image${gates.length ? `, ${gates.join(', ')}` : ''}`, shape: 'round' });
    path.push(DIAGRAM_IDS.ci);
  }
  const targets = plan.environments.flatMap((env) => env.targets.map((target) => ({ env, target })));
  const iacTitle = iacOf(plan).title;
  targets.forEach(({ env, target }, i) => {
    // Production's first target waits for a person, when CI deploys it.
    if (withCi && env.isProduction && target.primary && plan.environments.length > 1) {
      nodes.push({ id: DIAGRAM_IDS.approval, label: `approval: ${env.name}`, shape: 'hexagon' });
      path.push(DIAGRAM_IDS.approval);
    }
    const iac = DIAGRAM_IDS.iac(i);
    const deploy = DIAGRAM_IDS.deploy(i);
    nodes.push({ id: iac, label: `${iacTitle}: ${target.id}` }, { id: deploy, label: `deploy ${target.id}` });
    path.push(iac, deploy);
  });
  const chains: MermaidChain[] = [{ nodes: path }];
  if (withObservability) {
    const watch = ['alerts', plan.features.slo ? 'SLOs' : '', plan.features.progressiveDelivery !== 'none' ? `${plan.features.progressiveDelivery} analysis` : ''].filter(Boolean);
    nodes.push({ id: DIAGRAM_IDS.observe, label: `Prometheus: ${watch.join(', ')}`, shape: 'round' });
    // Every deploy is watched (dotted: scraped, not "runs after").
    chains.push({ nodes: [targets.map((_, i) => DIAGRAM_IDS.deploy(i)), DIAGRAM_IDS.observe], dotted: true });
  }
  return flowchart('LR', nodes, chains);
}
