/**
 * NetworkPolicies: deny everything in the namespace, then allow what the app needs. On EKS they
 * are enforced once the VPC CNI's network policy agent is on (the addon's enableNetworkPolicy); on
 * GKE Autopilot by Dataplane V2, always. What differs per cloud (where pods get credentials, the
 * private ranges, who scrapes) is the cloud adapter's data.
 */
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { SCRAPER_NAMESPACES } from '../../plan/conventions.js';
import type { Plan } from '../../plan/types.js';
import { cloudOf } from '../../platforms/registry.js';
import { selectorLabels } from './workload.js';
import { SERVICE_PORTS } from './connections.js';

/** The namespace of kube-prometheus-stack, whose Prometheus scrapes the app. */
export const MONITORING_NAMESPACE = 'monitoring';
export { albSourceCidrs, cidrSubnet, VPC_CIDR } from '../../platforms/cloud/aws/network.js';

const BACKING_PORTS: Record<string, number> = SERVICE_PORTS;
/** Services the stack's VPC holds (RDS, ElastiCache, or pods); the others are yours, at an address we cannot know (Atlas, Elastic Cloud). */
const IN_VPC = new Set(['postgres', 'redis']);

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

/**
 * Postgres and Redis at their private addresses (managed services, or pods with private addresses):
 * the cloud's ranges; the services nothing here provisions on their port at any address.
 */
export function backingEgress(services: readonly string[], cidrs: readonly string[]): INetworkPolicyEgressRule[] {
  // Each port once (Elasticsearch and OpenSearch share 9200).
  const ports = (inVpc: boolean) => [...new Set(services.filter((s) => IN_VPC.has(s) === inVpc).map((s) => BACKING_PORTS[s] ?? 0))].map((port) => ({ protocol: 'TCP' as const, port }));
  return [
    ...(ports(true).length ? [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: ports(true) }] : []),
    ...(ports(false).length ? [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: ports(false) }] : []),
  ];
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
  const pods = cloudOf(plan).kubernetes;
  const egress: INetworkPolicyEgressRule[] = [dnsEgress()];
  if (plan.features.tracing) {
    egress.push({
      to: [inNamespace(plan.tracing.collectorNamespace)],
      // The receiver port the app's OTLP endpoint names.
      ports: [{ protocol: 'TCP', port: Number(new URL(plan.tracing.endpoint).port) }],
    });
  }
  // With a database (T3) postgres is the cloud's managed one, reached at its private address.
  egress.push(...backingEgress(plan.backingServices, pods.privateCidrs));
  egress.push(
    // Where the pod's cloud identity gets its credentials.
    ...pods.credentialEndpoints.map(({ cidr, port }): INetworkPolicyEgressRule => ({ to: [{ ipBlock: { cidr } }], ports: [{ protocol: 'TCP', port }] })),
    // Cloud APIs (public endpoints or private ones) over HTTPS.
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
          // The cloud load balancer of the Ingress (to the pods' IPs: requests and health checks
          // from its addresses), and the collector scraping the metrics path on the same port.
          from: [...pods.ingress.sources.map((cidr) => ({ ipBlock: { cidr } })), inNamespace(SCRAPER_NAMESPACES[pods.monitoring])],
          ports: [{ protocol: 'TCP', port: plan.app.port }],
        },
      ],
      egress,
    },
  };
}
