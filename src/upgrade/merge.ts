/**
 * Line-based three-way merge (diff3): base = what we rendered last time, yours = the
 * file on disk, theirs = the new render. Line-based on purpose: comments in YAML,
 * HCL and scripts are lines like any other, so a user's comment survives the merge.
 * Conflicts get git's diff3-style markers, labelled with the versions.
 */
import { diff3Merge } from 'node-diff3';

export interface MergeLabels {
  yours: string;
  base: string;
  theirs: string;
}

export interface MergeOutcome {
  content: string;
  conflicts: number;
}

/** Lines with their line ends, so a missing final newline survives. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const withEnd = (lines: readonly string[]): string[] => lines.map((l) => (l.endsWith('\n') ? l : `${l}\n`));

export function merge3(yours: string, base: string, theirs: string, labels: MergeLabels): MergeOutcome {
  const regions = diff3Merge(splitLines(yours), splitLines(base), splitLines(theirs), { excludeFalseConflicts: true });
  let conflicts = 0;
  const out: string[] = [];
  for (const region of regions) {
    if (region.ok) out.push(...region.ok);
    else if (region.conflict) {
      conflicts += 1;
      const { a, o, b } = region.conflict;
      out.push(`<<<<<<< ${labels.yours}\n`, ...withEnd(a), `||||||| ${labels.base}\n`, ...withEnd(o), '=======\n', ...withEnd(b), `>>>>>>> ${labels.theirs}\n`);
    }
  }
  return { content: out.join(''), conflicts };
}
