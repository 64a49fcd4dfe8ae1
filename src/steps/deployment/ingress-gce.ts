/**
 * The way in on GKE: an Ingress the GKE Ingress controller (built into every cluster) turns into
 * an external Application Load Balancer. Container-native (NEG): the load balancer sends to the
 * pods' IPs on their port, from Google's front ends, which the NetworkPolicy admits. The health
 * check is set explicitly (a BackendConfig on the Service) to the readiness path: left to itself
 * the controller checks `/`, which many apps do not serve. With answers `domain`: HTTPS for that
 * host with a Google-managed certificate, and HTTP redirected to it; without: HTTP on the load
 * balancer's address.
 */
import type { IBackendConfig } from '@kubernetes-models/gke/cloud.google.com/v1/BackendConfig';
import type { IFrontendConfig } from '@kubernetes-models/gke/networking.gke.io/v1beta1/FrontendConfig';
import type { IManagedCertificate } from '@kubernetes-models/gke/networking.gke.io/v1/ManagedCertificate';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { Plan } from '../../plan/types.js';

type GceObject = IIngress | IBackendConfig | IManagedCertificate | IFrontendConfig;

/** Annotations of the Service the Ingress targets: NEG backends, and the health check. */
export function gceServiceAnnotations(plan: Plan): Record<string, string> {
  return {
    'cloud.google.com/neg': '{"ingress": true}',
    'cloud.google.com/backend-config': JSON.stringify({ default: plan.name }),
  };
}

export function gceIngress(plan: Plan, service: string): GceObject[] {
  const domain = plan.answers.domain;
  const backend = { service: { name: service, port: { name: plan.app.portName } } };
  const backendConfig: IBackendConfig = {
    apiVersion: 'cloud.google.com/v1',
    kind: 'BackendConfig',
    metadata: { name: plan.name },
    spec: { healthCheck: { type: 'HTTP', requestPath: plan.app.readinessPath, port: plan.app.port } },
  };
  const ingress: IIngress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: plan.name,
      annotations: {
        // The class GKE's controller serves (it reads the annotation, not spec.ingressClassName).
        'kubernetes.io/ingress.class': 'gce',
        ...(domain && { 'networking.gke.io/managed-certificates': plan.name, 'networking.gke.io/v1beta1.FrontendConfig': plan.name }),
      },
    },
    spec: domain ? { rules: [{ host: domain, http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] } : { defaultBackend: backend },
  };
  if (!domain) return [ingress, backendConfig];
  return [
    ingress,
    backendConfig,
    { apiVersion: 'networking.gke.io/v1', kind: 'ManagedCertificate', metadata: { name: plan.name }, spec: { domains: [domain] } },
    { apiVersion: 'networking.gke.io/v1beta1', kind: 'FrontendConfig', metadata: { name: plan.name }, spec: { redirectToHttps: { enabled: true } } },
  ];
}
