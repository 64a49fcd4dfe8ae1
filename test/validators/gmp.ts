/**
 * Google Cloud Managed Service for Prometheus objects (monitoring.googleapis.com/v1: PodMonitoring,
 * ClusterPodMonitoring, Rules, ClusterRules, GlobalRules), which @kubernetes-models/gke does not
 * ship: checked against the JSON schemas of data/gmp-crds.json (from the operator's CRDs), unknown
 * keys included. Their rule groups' PromQL goes through promtool like PrometheusRule's.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

export const GMP_API = 'monitoring.googleapis.com/v1';

let validators: Map<string, ValidateFunction> | undefined;

/** The validator of a GMP kind, or undefined when it is not one. */
export function gmpValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  if (apiVersion !== GMP_API) return undefined;
  if (!validators) {
    const data = JSON.parse(readFileSync(new URL('./data/gmp-crds.json', import.meta.url), 'utf8')) as { definitions: object; kinds: Record<string, object> };
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema({ $id: 'gmp', definitions: data.definitions });
    validators = new Map(Object.entries(data.kinds).map(([k, schema]) => [k, ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', '"gmp#/definitions/')) as object)]));
  }
  return validators.get(kind);
}

export const isGmpRules = (apiVersion: string, kind: string): boolean => apiVersion === GMP_API && /^(Cluster|Global)?Rules$/.test(kind);
