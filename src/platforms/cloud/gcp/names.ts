/**
 * Google Cloud's names, within its limits: service account ids 6–30 characters, cluster names 40,
 * workload identity pool ids 4–32. Our names (an app of up to 32 characters, an environment of up
 * to 12) can be longer, so a name that does not fit keeps its end (environment, role) and a
 * prefix of the app, plus a hash of the whole app name: short, deterministic, and still distinct
 * between apps that share a prefix.
 */
import { sha256 } from '../../../core/hash.js';

/** `${head}${tail}` when it fits in `max`, else a prefix of `head`, a hash of it, and `tail` whole. */
export function fitName(head: string, tail: string, max: number): string {
  if (head.length + tail.length <= max) return `${head}${tail}`;
  const hash = sha256(head).slice(0, 6);
  const prefix = head.slice(0, Math.max(1, max - tail.length - hash.length - 1)).replace(/-+$/, '');
  return `${prefix}-${hash}${tail}`;
}

/** Service account ids: `^[a-z]([-a-z0-9]*[a-z0-9])$`, 6–30 characters. */
export const SERVICE_ACCOUNT_MAX = 30;

/** The two identities of an environment: Terraform's, and the deploy jobs' (push, roll out). */
export const serviceAccountId = (app: string, environment: string, use: 'tf' | 'deploy'): string =>
  fitName(app, `-${environment}-${use}`, SERVICE_ACCOUNT_MAX);

/** The identity every cluster of the stack gives its nodes (pull images, write logs and metrics). */
export const nodeAccountId = (app: string): string => fitName(app, '-nodes', SERVICE_ACCOUNT_MAX);

export const serviceAccountEmail = (id: string, project: string): string => `${id}@${project}.iam.gserviceaccount.com`;

/** The stack's Workload Identity Federation pool (ids are per project, and blocked for 30 days after deletion). */
export const poolId = (app: string): string => fitName(app, '-ci', 32);

/** Compass words as GCP region names spell them, shortened as in the AWS convention (us-west-2 → usw2). */
const DIRECTIONS: Record<string, string> = {
  north: 'n', south: 's', east: 'e', west: 'w', central: 'c',
  northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
};

/** A region's short code: us-central1 → usc1, europe-west4 → euw4, northamerica-northeast1 → none1. */
export function regionCode(region: string): string {
  const [area = '', rest = ''] = region.split('-');
  const [, word = '', digits = ''] = /^([a-z]+)(\d*)$/.exec(rest) ?? [];
  return `${area.slice(0, 2)}${DIRECTIONS[word] ?? word.slice(0, 1)}${digits}`;
}

/**
 * GKE cluster names: at most 40 characters. The VPC, subnet, router and NAT carry the same name,
 * and a VPC name is unique in the project (not per region): a second region needs a name of its own.
 */
export const clusterName = (app: string, environment: string, secondRegion?: string): string =>
  fitName(app, `-${environment}${secondRegion ? `-${regionCode(secondRegion)}` : ''}`, 40);

/** An environment's Artifact Registry repository (per project and region), and the image in it. */
export const repositoryId = (app: string, environment: string): string => fitName(app, `-${environment}`, 63);
