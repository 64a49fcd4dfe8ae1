/**
 * Google Cloud Managed Service for Prometheus objects (monitoring.googleapis.com/v1), typed as
 * far as we write them: no model package ships them (the validation suite checks them against
 * the operator's CRD schemas).
 */
export const GMP_API = 'monitoring.googleapis.com/v1';

interface Metadata {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
}

export interface RelabelRule {
  action: 'keep' | 'drop';
  sourceLabels: string[];
  regex: string;
}

/** Scrapes the pods its selector matches, on a named container port. */
export interface PodMonitoring {
  apiVersion: typeof GMP_API;
  kind: 'PodMonitoring';
  metadata: Metadata;
  spec: {
    selector: { matchLabels: Record<string, string> };
    endpoints: { port: string; path?: string; interval: string; metricRelabeling?: RelabelRule[] }[];
    /** Pod labels copied onto every series (`from` the pod label, `to` the series label). */
    targetLabels?: { metadata?: string[]; fromPod?: { from: string; to: string }[] };
  };
}

export interface GmpRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Rules the managed rule evaluator runs, scoped to the object's cluster and namespace. */
export interface Rules {
  apiVersion: typeof GMP_API;
  kind: 'Rules';
  metadata: Metadata;
  spec: { groups: { name: string; interval: string; rules: GmpRule[] }[] };
}
