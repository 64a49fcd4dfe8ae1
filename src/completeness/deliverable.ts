/**
 * A deliverable: a file (or any file under a directory) that a step must produce for
 * a stack with given features, and what its content must show. Declared here, apart
 * from the steps, so completeness measures the steps against the spec rather than
 * against themselves.
 */
import { loadDocuments } from '../render/yaml.js';
import type { Plan } from '../plan/types.js';

export type DeliverableStep = 'cicd' | 'iac' | 'observability' | 'deployment' | 'integration';

/** Content check: a regular expression, or a predicate on the text. */
export type ContentCheck = RegExp | ((content: string) => boolean);

export interface Deliverable {
  /** Stable id, e.g. "cicd.ci-workflow" or "iac.tfvars.prod". */
  id: string;
  step: DeliverableStep;
  /** What it is, for the report: "CI workflow with least-privilege permissions". */
  what: string;
  /** An exact path, or a directory in which some file must pass `check`. */
  path?: string;
  under?: string;
  /** Every check must pass. */
  checks: ContentCheck[];
  /** The tier (or feature) it starts at, for "skipped for this tier" lines. */
  from: 'T1' | 'T2' | 'T3';
  /** False: not expected for this stack (tier or answers), reported as skipped. */
  applies: boolean;
}

export type DeliverableSource = (plan: Plan) => Deliverable[];

/**
 * Text that could hold a `kind` key: one spelled out, or made by an escape (\x6b, \u006b), an
 * escaped line break or a !!binary key. Any other text (a dashboard, a script) has no kinds, and
 * is not parsed only to find that out.
 */
const MAY_HOLD_KIND = /kind|\\[xuU\r\n]|binary/;

/** A deliverable as a step or an adapter declares it: `from` defaults to T1, `applies` to true. */
export type DeliverableSpec = Omit<Deliverable, 'step' | 'applies' | 'from'> & { from?: Deliverable['from']; applies?: boolean };

/** Kinds of the Kubernetes objects in a YAML stream; [] when it is not YAML. */
export function kindsIn(content: string): string[] {
  if (!MAY_HOLD_KIND.test(content)) return [];
  try {
    return loadDocuments(content)
      .filter((doc): doc is { kind: unknown } => typeof doc === 'object' && doc !== null && 'kind' in doc)
      .map((doc) => String(doc.kind));
  } catch {
    return [];
  }
}

export const hasKind =
  (...kinds: string[]) =>
  (content: string): boolean =>
    kindsIn(content).some((k) => kinds.includes(k));

export function parsesAsJson(content: string): boolean {
  try {
    JSON.parse(content);
    return true;
  } catch {
    return false;
  }
}

/** A full 40-hex commit SHA after every `uses:` of a remote action. */
export function actionsPinned(content: string): boolean {
  const uses = [...content.matchAll(/^\s*-?\s*uses:\s*(\S+)/gm)].map((m) => m[1]!).filter((u) => !u.startsWith('./') && !u.startsWith('docker://'));
  return uses.length > 0 && uses.every((u) => /@[0-9a-f]{40}$/.test(u));
}

export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
