/** What each cloud gives the Terraform adapter: its files, and how to read its facts back. */
import type { DeliverableSpec } from '../../../completeness/deliverable.js';
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import type { EnvironmentTrustFact, IdentityFact, UniqueName } from '../../../steps/facts.js';

export interface TerraformCloud {
  /** The root stack CI applies per target, the per-target variables and backend files, and the bootstrap. */
  render(plan: Plan): VirtualFile[];
  /** The provider block that marks this cloud in providers.tf. */
  provider: RegExp;
  /** The tfvars keys holding a target's cluster and registry repository names. */
  vars: { cluster: string; registry: string };
  /** The backend type, which names the per-target backend files (`<target>.<type>.tfbackend`). */
  backend: string;
  /**
   * The names a target creates that the cloud wants unique (see UniqueName), from its variables
   * file's string values (as the resources derive their names from them).
   */
  uniqueNames(values: Record<string, string>, plan: Plan): Omit<UniqueName, 'targetId' | 'file'>[];
  /**
   * The addresses the cloud's load balancer reaches the pods from, as the root stack creates them
   * for a target (its variables file's values; root-stack files relative to the stack's directory),
   * with the file that decides them; undefined where this cloud's are fixed or cannot be read.
   */
  loadBalancerSources?(stack: ReadonlyMap<string, { path: string; content: string }>, values: Record<string, string>): { cidrs: string[]; file: string } | undefined;
  /**
   * The CI identities the bootstrap defines and what their policies allow, from the bootstrap's
   * files (path relative to the bootstrap directory → content).
   */
  identities(files: Map<string, { path: string; content: string }>, plan: Plan): IdentityFact[];
  /**
   * What a target owns, from its variables and its backend settings' string values: resources
   * named after it, and the kinds of resources an environment owns by its tag.
   */
  ownedResources(values: Record<string, string>, backend: Record<string, string>, plan: Plan): { named: string[]; tagged: string[] };
  /** Whether a target with these variables creates a database of its own. */
  hasDatabase(values: Record<string, string>, plan: Plan): boolean;
  /**
   * Where the cloud binds CI tokens on claims rather than on `sub` (GCP attribute conditions): the
   * claim sets a bootstrap file admits, each admitting a token that carries every claim of it.
   */
  admittedClaims?(content: string): Record<string, string>[];
  /** Per environment, the token claim sets its deploy identity admits (IacFacts.environmentTrust). */
  environmentTrust?(files: Map<string, { path: string; content: string }>, plan: Plan): EnvironmentTrustFact[];
  /** What the cloud's Terraform must show, for the completeness report. */
  deliverables(plan: Plan): DeliverableSpec[];
}
