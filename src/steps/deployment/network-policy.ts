/**
 * NetworkPolicies: deny everything in the namespace, then allow what the app needs. On EKS they
 * are enforced once the VPC CNI's network policy agent is on (the addon's enableNetworkPolicy).
 */
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { Plan } from '../../plan/types.js';
import { selectorLabels } from './workload.js';

/** The namespace of kube-prometheus-stack, whose Prometheus scrapes the app. */
export const MONITORING_NAMESPACE = 'monitoring';
/** infra/terraform's default vpc_cidr: RDS, ElastiCache and (with the VPC CNI) every pod have addresses in it. Change both together. */
export const VPC_CIDR = '10.0.0.0/16';
/**
 * The VPC's public subnets, where an internet-facing ALB has its addresses: infra/terraform's
 * `cidrsubnet(var.vpc_cidr, 8, i + 48)` for i in 0..2 (steps/iac/cluster.ts). Change both together.
 */
export function albSourceCidrs(vpcCidr = VPC_CIDR): string[] {
  return [0, 1, 2].map((i) => cidrSubnet(vpcCidr, 8, i + 48));
}

/** Terraform's cidrsubnet for IPv4. */
export function cidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const [ip, bits] = prefix.split('/') as [string, string];
  const base = ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const length = Number(bits) + newbits;
  const address = base + netnum * 2 ** (32 - length);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.')}/${length}`;
}

/** The EKS Pod Identity agent on each node: where the AWS SDK gets credentials. */
const POD_IDENTITY_AGENT = '169.254.170.23/32';

const BACKING_PORTS: Record<string, number> = { postgres: 5432, redis: 6379 };

const inNamespace = (name: string, pods?: Record<string, string>): INetworkPolicyPeer => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
  ...(pods ? { podSelector: { matchLabels: pods } } : {}),
});

export function dnsEgress(): INetworkPolicyEgressRule {
  return {
    to: [inNamespace('kube-system', { 'k8s-app': 'kube-dns' })],
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  };
}

/** Postgres and Redis, in the VPC (managed services, or pods, which the VPC CNI gives VPC addresses). */
export function backingEgress(plan: Pick<Plan, 'backingServices'>): INetworkPolicyEgressRule[] {
  const ports = plan.backingServices.map((s) => ({ protocol: 'TCP' as const, port: BACKING_PORTS[s] ?? 0 }));
  return ports.length ? [{ to: [{ ipBlock: { cidr: VPC_CIDR } }], ports }] : [];
}

export function defaultDeny(): INetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

export function appPolicy(plan: Plan): INetworkPolicy {
  const egress: INetworkPolicyEgressRule[] = [dnsEgress()];
  if (plan.features.tracing) {
    egress.push({
      to: [inNamespace(plan.tracing.collectorNamespace)],
      // The receiver port the app's OTLP endpoint names.
      ports: [{ protocol: 'TCP', port: Number(new URL(plan.tracing.endpoint).port) }],
    });
  }
  // With a database (T3) postgres is RDS, reached at its VPC address on 5432.
  egress.push(...backingEgress(plan));
  egress.push(
    { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT } }], ports: [{ protocol: 'TCP', port: 80 }] },
    // AWS APIs (public endpoints or VPC endpoints) over HTTPS.
    { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
  );
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: plan.name },
    spec: {
      podSelector: { matchLabels: selectorLabels(plan) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          // The ALB of the Ingress (IP targets: from its public-subnet addresses, requests and
          // health checks), and Prometheus scraping the metrics path on the same port.
          from: [...albSourceCidrs().map((cidr) => ({ ipBlock: { cidr } })), inNamespace(MONITORING_NAMESPACE)],
          ports: [{ protocol: 'TCP', port: plan.app.port }],
        },
      ],
      egress,
    },
  };
}
