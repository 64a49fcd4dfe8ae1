/**
 * The way in on AKS: an Ingress the ALB Controller turns into routes on the environment's
 * Application Gateway for Containers (created by Terraform, named by the annotations the cloud
 * adapter gives per environment: the base carries the first environment's, each overlay its
 * own). The gateway sends to the pods' IPs from its delegated subnet, which the NetworkPolicy
 * admits. With answers `domain`, the rule is for that host; TLS is not configured here yet (the
 * frontend serves HTTP on its own DNS name).
 */
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { Plan } from '../../plan/types.js';
import { cloudOf } from '../../platforms/registry.js';

export function agcIngress(plan: Plan, service: string): IIngress {
  const domain = plan.answers.domain;
  const own = cloudOf(plan).kubernetes.ingress;
  const backend = { service: { name: service, port: { name: plan.app.portName } } };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: plan.name, annotations: own.annotations?.(plan, plan.environments[0]!) ?? {} },
    spec: {
      ingressClassName: own.className,
      rules: [{ ...(domain ? { host: domain } : {}), http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }],
    },
  };
}
