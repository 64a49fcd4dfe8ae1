/**
 * Kubernetes objects in the YAML under `deploy/` (multi-document; kustomization files skipped,
 * Helm charts left to Helm): each object's apiVersion/kind must be a model of kubernetes-models
 * 5.1.0 (≈ Kubernetes 1.34), @kubernetes-models/argo-rollouts 2.0.0 or
 * @kubernetes-models/prometheus-operator 6.0.0, its `.validate()` (the packages' OpenAPI schema:
 * required fields, types, enums, quantities) must pass, and no key at any depth may be one the
 * schema does not define (see ts-shape.ts: the packages' validators accept `spec.replica`).
 * GKE's own kinds (BackendConfig, HealthCheckPolicy, GCPBackendPolicy, ComputeClass, Config
 * Connector…) come from @kubernetes-models/gke 4.6.2; Managed Service for Prometheus kinds
 * (PodMonitoring, ClusterPodMonitoring, Rules…), which it lacks, from gmp.ts.
 * Strategic-merge patches referenced by a kustomization get the unknown-key check only.
 */
import {
  type Finding,
  type PathSeg,
  type RunContext,
  type Tree,
  type TreeFile,
  baseName,
  dirName,
  helmTemplateDirs,
  isRecord,
  isYamlPath,
  k8sObjects,
  lineAt,
  parseYaml,
  pathString,
  pointerPath,
} from './common.js';
import { moduleFileExists, unknownKeys } from './ts-shape.js';
import { isRuleTestFile } from './promtool.js';
import { gmpValidator } from './gmp.js';

export const KUBERNETES = 'kubernetes-schema';

const MODEL_PACKAGES = ['kubernetes-models', '@kubernetes-models/argo-rollouts', '@kubernetes-models/prometheus-operator', '@kubernetes-models/gke'] as const;
const PACKAGE_VERSIONS = 'kubernetes-models 5.1.0, @kubernetes-models/argo-rollouts 2.0.0, @kubernetes-models/prometheus-operator 6.0.0, @kubernetes-models/gke 4.6.2, GMP monitoring.googleapis.com/v1';

export const isKustomizationPath = (p: string): boolean => /^(kustomization\.ya?ml|Kustomization)$/.test(baseName(p));
const KUSTOMIZE_KINDS = new Set(['Kustomization', 'Component']);

/**
 * YAML files under a `deploy/` directory, minus kustomizations, Helm charts, Helm values files
 * (`*.values.yaml`), promtool rule files (`*.rules.yml`) and promtool rule tests.
 */
export function manifestFiles(tree: Tree): TreeFile[] {
  const helm = helmTemplateDirs(tree).map((d) => d.replace(/templates\/$/, ''));
  return [...tree.values()].filter(
    (f) =>
      isYamlPath(f.path) &&
      /(^|\/)deploy\//.test(f.path) &&
      !isKustomizationPath(f.path) &&
      !/\.(rules|values)\.ya?ml$/.test(f.path) &&
      !helm.some((h) => f.path.startsWith(h)) &&
      !isRuleTestFile(f),
  );
}

/** Files a kustomization names as patches (partial objects), and as other non-resource inputs. */
export function kustomizeRoles(tree: Tree): { patches: Set<string>; other: Set<string> } {
  const patches = new Set<string>();
  const other = new Set<string>();
  const norm = (dir: string, rel: string): string => {
    const parts = (dir === '.' ? [] : dir.split('/')).concat(rel.split('/'));
    const out: string[] = [];
    for (const p of parts) {
      if (p === '..') out.pop();
      else if (p && p !== '.') out.push(p);
    }
    return out.join('/');
  };
  for (const file of tree.values()) {
    if (!isKustomizationPath(file.path)) continue;
    const k = parseYaml(file).docs[0]?.value;
    if (!isRecord(k)) continue;
    const dir = dirName(file.path);
    const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    for (const p of strings(k.patchesStrategicMerge)) patches.add(norm(dir, p));
    for (const list of [k.patches, k.patchesJson6902]) {
      if (!Array.isArray(list)) continue;
      for (const p of list) if (isRecord(p) && typeof p.path === 'string') patches.add(norm(dir, p.path));
    }
    for (const field of ['configurations', 'crds', 'openapi', 'replacements']) {
      for (const p of strings(k[field])) other.add(norm(dir, p));
      for (const p of Array.isArray(k[field]) ? (k[field] as unknown[]) : []) if (isRecord(p) && typeof p.path === 'string') other.add(norm(dir, p.path));
    }
  }
  return { patches, other };
}

interface Model {
  module: string;
  typeName: string;
  file: string;
}

const SAFE_GV = /^([a-z0-9][a-z0-9.-]*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const SAFE_KIND = /^[A-Z][A-Za-z0-9]*$/;

/** The model (package module) for an apiVersion/kind, if one of the packages defines it. */
export function modelFor(apiVersion: string, kind: string): Model | undefined {
  if (!SAFE_GV.test(apiVersion) || !SAFE_KIND.test(kind)) return undefined;
  for (const pkg of MODEL_PACKAGES) {
    const rel = `${pkg}/${apiVersion}/${kind}.js`;
    if (moduleFileExists(rel)) return { module: `${pkg}/${apiVersion}/${kind}`, typeName: `I${kind}`, file: rel };
  }
  return undefined;
}

interface ModelClass {
  new (data: unknown): { validate(): void };
  apiVersion?: string;
  kind?: string;
}

const classCache = new Map<string, ModelClass | null>();

async function modelClass(model: Model, kind: string, apiVersion: string): Promise<ModelClass | undefined> {
  if (!classCache.has(model.module)) {
    const url = new URL(`../../node_modules/${model.file}`, import.meta.url).href;
    const mod = (await import(url)) as Record<string, unknown>;
    const cls = mod[kind] as ModelClass | undefined;
    classCache.set(model.module, cls && cls.kind === kind && cls.apiVersion === apiVersion ? cls : null);
  }
  return classCache.get(model.module) ?? undefined;
}

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params?: Record<string, unknown>;
}

export async function checkKubernetes(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  const roles = kustomizeRoles(tree);
  for (const file of manifestFiles(tree)) {
    if (roles.other.has(file.path)) continue;
    const isPatch = roles.patches.has(file.path);
    const yf = parseYaml(file);
    for (const doc of yf.docs) {
      for (const e of doc.errors) {
        findings.push({ validator: KUBERNETES, file: file.path, location: `line ${e.line}, col ${e.col}`, message: `YAML: ${e.message}` });
      }
    }
    const objects = k8sObjects(file);
    for (const doc of yf.docs) {
      if (doc.errors.length || objects.some((o) => o.doc === doc) || isPatch) continue;
      findings.push({ validator: KUBERNETES, file: file.path, location: `document ${doc.index + 1}, line ${doc.line}`, message: 'not a Kubernetes object: apiVersion and kind are required' });
    }
    for (const { doc, obj, apiVersion, kind, name } of objects) {
      if (apiVersion.startsWith('kustomize.config.k8s.io/') && KUSTOMIZE_KINDS.has(kind)) continue;
      const where = (path: PathSeg[]): string => {
        const line = lineAt(yf, doc, path) ?? doc.line;
        return `${kind}/${name}${path.length ? ` ${pathString(path)}` : ''} (line ${line})`;
      };
      const gmp = gmpValidator(apiVersion, kind);
      if (gmp) {
        if (isPatch || gmp(obj)) continue;
        for (const e of gmp.errors ?? []) {
          const path = pointerPath(e.instancePath);
          const extra = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : e.keyword === 'required' ? String(e.params.missingProperty) : undefined;
          const shown = extra ? [...path, extra] : path;
          const what = e.keyword === 'additionalProperties' ? `unknown field "${pathString(shown)}"` : e.keyword === 'required' ? `${pathString(shown)}: required field is missing` : `${pathString(shown) || '(object)'}: ${e.message ?? e.keyword}`;
          findings.push({ validator: KUBERNETES, file: file.path, location: where(e.keyword === 'additionalProperties' ? shown : path), message: `${what} (${apiVersion} ${kind} schema)` });
        }
        continue;
      }
      const model = modelFor(apiVersion, kind);
      const cls = model && (await modelClass(model, kind, apiVersion));
      if (!model || !cls) {
        findings.push({ validator: KUBERNETES, file: file.path, location: where([]), message: `unknown kind ${kind} in apiVersion ${apiVersion} (not in ${PACKAGE_VERSIONS})` });
        continue;
      }
      if (!isPatch) {
        try {
          new cls(obj).validate();
        } catch (err) {
          const errors = (err as { errors?: AjvError[] }).errors;
          if (!Array.isArray(errors)) throw err;
          for (const e of errors) {
            const path = pointerPath(e.instancePath);
            const missing = e.keyword === 'required' && typeof e.params?.missingProperty === 'string' ? e.params.missingProperty : undefined;
            const shown = missing ? [...path, missing] : path;
            findings.push({
              validator: KUBERNETES,
              file: file.path,
              location: where(path),
              message: `${pathString(shown) || '(object)'}: ${missing ? 'required field is missing' : (e.message ?? e.keyword)} (${apiVersion} ${kind} schema)`,
            });
          }
        }
      }
      for (const u of unknownKeys(obj, { module: model.module, name: model.typeName })) {
        findings.push({
          validator: KUBERNETES,
          file: file.path,
          location: where(u.path),
          message: `unknown field "${pathString(u.path)}": ${apiVersion} ${kind} does not define "${u.key}"${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}`,
        });
      }
    }
  }
  return findings;
}
