/**
 * The contract every step fulfils: a pure render from the plan to files, and an
 * extractor that reads the step's facts back from a file tree (generated or on disk).
 */
import type { FileTree, VirtualFile } from '../core/files.js';
import type { Plan } from '../plan/types.js';
import type { StackFacts } from './facts.js';

export type StepId = keyof StackFacts;

export interface Step<Id extends StepId = StepId> {
  id: Id;
  /** Shown in progress lines: "step 2 of 4: infrastructure as code". */
  title: string;
  /** Steps whose output this one relies on; when one of them fails, this one is skipped. */
  dependsOn: StepId[];
  render(plan: Plan): VirtualFile[];
  extract(tree: FileTree, plan: Plan): StackFacts[Id];
}
