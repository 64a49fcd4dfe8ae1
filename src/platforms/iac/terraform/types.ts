/** What each cloud gives the Terraform adapter: its files, and how to read its facts back. */
import type { DeliverableSpec } from '../../../completeness/deliverable.js';
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';

export interface TerraformCloud {
  /** The root stack CI applies per target, the per-target variables and backend files, and the bootstrap. */
  render(plan: Plan): VirtualFile[];
  /** The provider block that marks this cloud in providers.tf. */
  provider: RegExp;
  /** The tfvars keys holding a target's cluster and registry repository names. */
  vars: { cluster: string; registry: string };
  /** The backend type, which names the per-target backend files (`<target>.<type>.tfbackend`). */
  backend: string;
  /** What the cloud's Terraform must show, for the completeness report. */
  deliverables(plan: Plan): DeliverableSpec[];
}
