import { SCRAPER_NAMESPACES } from '../../plan/conventions.js';
import type { Plan } from '../../plan/types.js';
import { cloudOf } from '../../platforms/registry.js';
import { albSourceCidrs, VPC_CIDR } from '../../steps/deployment/network-policy.js';
import type { DeploymentFacts } from '../../steps/facts.js';
import type { ConsistencyRule, Finding } from '../rule.js';

type Peer = { cidr?: string; namespace?: string };

/**
 * Where an Ingress's traffic reaches the pods from: an ALB with IP targets connects from its own
 * addresses (an internet-facing one in the public subnets, an internal one anywhere in the VPC);
 * ingress-nginx from its pods' namespace; GKE Ingress (container-native, NEG backends) from the
 * addresses of Google's front ends and health checkers the cloud adapter names. null: a path this
 * rule does not know.
 */
function sources(ingress: NonNullable<DeploymentFacts['ingress']>, plan: Plan, publicSubnets: string[] | undefined): Peer[] | null {
  const a = (key: string) => ingress.annotations[`alb.ingress.kubernetes.io/${key}`];
  if (ingress.className === 'alb') {
    if ((a('target-type') ?? 'instance') !== 'ip') return null;
    // The public subnets as IaC creates them (every target's), else the generator's own layout.
    return (a('scheme') ?? 'internal') === 'internet-facing' ? (publicSubnets ?? albSourceCidrs()).map((cidr) => ({ cidr })) : [{ cidr: VPC_CIDR }];
  }
  if (ingress.className === 'nginx') return [{ namespace: 'ingress-nginx' }];
  const own = cloudOf(plan).kubernetes.ingress;
  // GKE Ingress and Application Gateway for Containers: from the addresses the cloud adapter names.
  if ((ingress.className === 'gce' || ingress.className === 'azure-alb-external') && own.className === ingress.className) return own.sources.map((cidr) => ({ cidr }));
  return null;
}

const label = (p: Peer): string => (p.cidr ? p.cidr : p.namespace ? `namespace ${p.namespace}` : 'any pod of the namespace');
const same = (a: Peer, b: Peer): boolean => a.cidr === b.cidr && a.namespace === b.namespace;

/**
 * With a NetworkPolicy on the app's pods, the way in works only if it admits exactly where the
 * chosen path connects from: an ALB with IP targets connects from the VPC's public subnets, not
 * from an `ingress-nginx` namespace nothing installs. Besides the path, Prometheus (the
 * monitoring namespace) scrapes the same port; any other source is access nothing needs.
 */
export const networkPolicyAdmitsIngress: ConsistencyRule = {
  id: 'network-policy-admits-ingress',
  description: "The NetworkPolicy on the app's pods admits exactly the sources its Ingress path sends from (and Prometheus), on the pods' port.",
  needs: ['deployment', 'iac'],
  check({ plan, facts }) {
    const { workload, ingress, networkPolicies } = facts.deployment;
    const scraper = SCRAPER_NAMESPACES[cloudOf(plan).kubernetes.monitoring];
    if (!workload || !ingress) return [];
    const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => workload.podLabels[k] === v);
    const policies = networkPolicies.filter((p) => p.policyTypes.includes('Ingress') && selects(p.podSelector));
    const subnets = facts.iac.loadBalancerSources ?? [];
    const publicSubnets = subnets.length ? [...new Set(subnets.flatMap((s) => s.cidrs))] : undefined;
    const subnetFiles = [...new Set(subnets.map((s) => s.file))];
    const expected = sources(ingress, plan, publicSubnets);
    if (!policies.length || !expected) return [];
    const port = workload.containerPort;
    const onPort = (ports: (number | string)[]) => ports.length === 0 || ports.includes(port) || ports.includes(workload.containerPortName);
    const rules = policies.flatMap((p) => p.ingress.filter((r) => onPort(r.ports)).map((r) => ({ policy: p, peers: r.peers })));
    const admitted = (source: Peer) => rules.some((r) => r.peers.length === 0 || r.peers.some((p) => same(p, source)));
    const problems: Omit<Finding, 'rule' | 'severity'>[] = [];
    const files = [...new Set(policies.map((p) => p.file))];
    const missing = expected.filter((s) => !admitted(s));
    if (missing.length) {
      problems.push({
        message: `${files.join(', ')} does not admit ${missing.map(label).join(', ')} on port ${port}, where ${ingress.file} (class ${ingress.className}) sends every request and health check${ingress.className === 'alb' && subnetFiles.length ? ` (the public subnets ${subnetFiles.join(', ')} creates)` : ''}: the service is unreachable`,
        files: [files[0]!, ingress.file, ...(ingress.className === 'alb' ? subnetFiles : [])],
        remedy: `Admit ${missing.map((s) => (s.cidr ? `ipBlock ${s.cidr}` : label(s))).join(', ')} on port ${port} in the app's NetworkPolicy.`,
      });
    }
    const known = [...expected, { namespace: scraper }];
    for (const r of rules) {
      for (const peer of r.peers.filter((p) => !known.some((k) => same(k, p)))) {
        problems.push({
          message: `${r.policy.file}: NetworkPolicy ${r.policy.name} admits ${label(peer)} on port ${port}, but ${ingress.file} sends from ${expected.map(label).join(', ')} and the metrics scraper from namespace ${scraper}: nothing needs that access`,
          files: [r.policy.file, ingress.file],
          remedy: `Remove ${label(peer)} from the NetworkPolicy, or route through it on purpose and say so.`,
        });
      }
    }
    return problems;
  },
};
