/**
 * Azure's names, within its limits. Registries, key vaults, storage accounts and PostgreSQL
 * servers have global names (a DNS label under azurecr.io, vault.azure.net, …): each carries a
 * hash of the stack's state bucket name, which is itself made unique per repository and region,
 * so two stacks never claim the same one. Storage accounts and registries take lower-case letters
 * and digits only; key vaults 3–24 characters starting with a letter. A name that does not fit
 * keeps its end (environment, role) and a prefix of the app, plus a hash of the whole.
 */
import { sha256 } from '../../../core/hash.js';

const alnum = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');
const hash = (text: string, n = 6): string => sha256(text).slice(0, n);

/** `${head}${tail}` when it fits in `max`, else a prefix of `head`, a hash of it, and `tail` whole. */
export function fitName(head: string, tail: string, max: number, separator = '-'): string {
  if (head.length + tail.length <= max) return `${head}${tail}`;
  const h = hash(head);
  const prefix = head.slice(0, Math.max(1, max - tail.length - h.length - separator.length)).replace(/-+$/, '');
  return `${prefix}${separator}${h}${tail}`;
}

/**
 * Resource groups: the shared one (state, CI identities) and one per deploy target, named after
 * its region last (region names have no '-': the connect command's group names the region).
 */
export const sharedResourceGroup = (app: string): string => `rg-${app}-ci`;
export const resourceGroup = (app: string, environment: string, region: string): string => `rg-${app}-${environment}-${region}`;

/** AKS cluster names: 1–63 characters, unique in their resource group (one per target). */
export const clusterName = (app: string, environment: string, secondRegion?: string): string =>
  fitName(app, `-${environment}${secondRegion ? `-${secondRegion}` : ''}`, 63);

/** The state storage account: 3–24 lower-case letters and digits, global. */
export function storageAccountName(stateBucket: string): string {
  const name = alnum(stateBucket);
  if (name.length >= 3 && name.length <= 24) return name;
  return `${name.slice(0, 16)}${hash(stateBucket, 8)}`.padEnd(3, '0');
}

/** An environment's state container (3–63 lower-case letters, digits and '-'). */
export const stateContainer = (environment: string): string => `tfstate-${environment}`;

/** A deploy target's container registry: 5–50 letters and digits, global. */
export const registryName = (stateBucket: string, app: string, target: string): string =>
  `cr${alnum(app).slice(0, 20)}${alnum(target).slice(0, 20)}${hash(`${stateBucket}/${target}`)}`;

/** A deploy target's key vault: 3–24 characters, global, and reserved while soft-deleted. */
export const keyVaultName = (stateBucket: string, app: string, target: string): string =>
  `kv${alnum(app).slice(0, 8)}${alnum(target).slice(0, 6)}${hash(`${stateBucket}/${target}`)}`;

/** A deploy target's PostgreSQL flexible server: 3–63 lower-case letters, digits and '-', global. */
export const postgresName = (stateBucket: string, cluster: string): string =>
  fitName(cluster, `-${hash(`${stateBucket}/${cluster}`)}`, 63);

/** The user-assigned identities CI takes on, per environment and purpose (3–128 characters). */
export const identityName = (app: string, environment: string, purpose: 'deploy' | 'tf'): string => `id-${app}-${environment}-${purpose}`;

/** The Application Gateway for Containers frontend the Ingress names. */
export const INGRESS_FRONTEND = 'app';
