/**
 * The way in: an Ingress the AWS Load Balancer Controller (installed by the setup guide) turns
 * into an internet-facing ALB. IP targets: the ALB sends to the pods' IPs on their port, from
 * its addresses in the VPC's public subnets, which the NetworkPolicy admits (network-policy.ts).
 * With answers `domain`: HTTPS for that host (the controller finds the ACM certificate by host),
 * and HTTP redirected to it; without: HTTP on the ALB's own DNS name.
 */
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { httpCheckPath } from '../../plan/conventions.js';
import type { Plan } from '../../plan/types.js';
import { cloudOf } from '../../platforms/registry.js';
import { agcIngress } from './ingress-agc.js';
import { gceIngress, gceServiceAnnotations } from './ingress-gce.js';
import { rolloutServices } from './rollout.js';

export const INGRESS_CLASS = 'alb';
const ALB = 'alb.ingress.kubernetes.io';

/** The Service the ALB targets: the one that selects the pods that should take traffic now. */
export function ingressService(plan: Plan): string {
  // Blue-green: the active Service (Argo points it at the promoted pods). Otherwise the root
  // Service, which selects every pod (a canary's traffic split is by replica count).
  return plan.features.progressiveDelivery === 'blue-green' ? rolloutServices(plan).stable : plan.name;
}

/**
 * The Ingress of the cluster's own load balancer controller (the cloud adapter names its class),
 * with the objects it reads.
 */
export function ingress(plan: Plan): object[] | IIngress {
  const className = cloudOf(plan).kubernetes.ingress.className;
  if (className === 'azure-alb-external') return agcIngress(plan, ingressService(plan));
  return className === 'gce' ? gceIngress(plan, ingressService(plan)) : albIngress(plan);
}

/** What the ingress's Service must carry for that controller (GKE: NEG backends and the health check). */
export function ingressServiceAnnotations(plan: Plan): Record<string, string> {
  return cloudOf(plan).kubernetes.ingress.className === 'gce' ? gceServiceAnnotations(plan) : {};
}

/** One line for the file list: what the Ingress becomes. */
export function ingressSummary(plan: Plan): string {
  const domain = plan.answers.domain;
  const className = cloudOf(plan).kubernetes.ingress.className;
  if (className === 'azure-alb-external') return `Ingress: Application Gateway for Containers (HTTP on its frontend's DNS name${domain ? `, and for ${domain}` : ''})`;
  const lb = className === 'gce' ? 'an external Application Load Balancer' : 'an internet-facing ALB';
  return domain ? `Ingress: ${lb}, HTTPS for ${domain}` : `Ingress: ${lb} (HTTP on its ${className === 'gce' ? 'address' : 'DNS name'})`;
}

function albIngress(plan: Plan): IIngress {
  const domain = plan.answers.domain;
  const backend = { service: { name: ingressService(plan), port: { name: plan.app.portName } } };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: plan.name,
      annotations: {
        [`${ALB}/scheme`]: 'internet-facing',
        [`${ALB}/target-type`]: 'ip',
        // An app without a health route: any HTTP answer from / (a 404 too) means its server is up.
        ...(httpCheckPath(plan.app, 'readiness') ? { [`${ALB}/healthcheck-path`]: httpCheckPath(plan.app, 'readiness')! } : { [`${ALB}/healthcheck-path`]: '/', [`${ALB}/success-codes`]: '200-499' }),
        ...(domain && { [`${ALB}/listen-ports`]: '[{"HTTP": 80}, {"HTTPS": 443}]', [`${ALB}/ssl-redirect`]: '443' }),
      },
    },
    spec: {
      ingressClassName: INGRESS_CLASS,
      ...(domain
        ? { tls: [{ hosts: [domain] }], rules: [{ host: domain, http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] }
        : { defaultBackend: backend }),
    },
  };
}
