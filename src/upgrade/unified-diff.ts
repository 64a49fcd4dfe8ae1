/** A unified diff (3 lines of context) for --dry-run: what upgrade would change in a file. */
import { diffIndices } from 'node-diff3';
import { splitLines } from './merge.js';

const CONTEXT = 3;

function show(prefix: string, line: string): string {
  return line.endsWith('\n') ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`;
}

export function unifiedDiff(path: string, before: string | undefined, after: string | undefined): string {
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  const changes = diffIndices(a, b);
  if (!changes.length) return '';
  const header = `--- ${before === undefined ? '/dev/null' : `a/${path}`}\n+++ ${after === undefined ? '/dev/null' : `b/${path}`}\n`;
  // Group changes whose context overlaps into one hunk.
  const hunks: (typeof changes)[] = [];
  for (const change of changes) {
    const last = hunks.at(-1);
    const prev = last?.at(-1);
    if (last && prev && change.buffer1[0] - (prev.buffer1[0] + prev.buffer1[1]) <= 2 * CONTEXT) last.push(change);
    else hunks.push([change]);
  }
  let text = header;
  for (const hunk of hunks) {
    const first = hunk[0]!;
    const end = hunk.at(-1)!;
    const aStart = Math.max(0, first.buffer1[0] - CONTEXT);
    const aEnd = Math.min(a.length, end.buffer1[0] + end.buffer1[1] + CONTEXT);
    const offset = first.buffer2[0] - first.buffer1[0];
    const bStart = Math.max(0, aStart + offset);
    const bEnd = Math.min(b.length, aEnd + (end.buffer2[0] + end.buffer2[1]) - (end.buffer1[0] + end.buffer1[1]));
    const lines: string[] = [];
    let i = aStart;
    for (const change of hunk) {
      for (; i < change.buffer1[0]; i++) lines.push(show(' ', a[i]!));
      for (const line of a.slice(change.buffer1[0], change.buffer1[0] + change.buffer1[1])) lines.push(show('-', line));
      for (const line of b.slice(change.buffer2[0], change.buffer2[0] + change.buffer2[1])) lines.push(show('+', line));
      i = change.buffer1[0] + change.buffer1[1];
    }
    for (; i < aEnd; i++) lines.push(show(' ', a[i]!));
    const range = (start: number, length: number): string => `${length === 0 ? start : start + 1},${length}`;
    text += `@@ -${range(aStart, aEnd - aStart)} +${range(bStart, bEnd - bStart)} @@\n${lines.join('')}`;
  }
  return text;
}
