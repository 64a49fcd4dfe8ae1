/**
 * Resource patterns as cloud policies write them (`*`: any run of characters, `?`: any one):
 * whether one resource could match two patterns, to tell whether a grant reaches what another
 * environment owns.
 */

/** Whether some string matches both glob patterns: a walk over pairs of positions, each visited once. */
function globsIntersect(a: string, b: string): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length) {
    const [i, j] = stack.pop()!;
    if (seen.has(i * width + j)) continue;
    seen.add(i * width + j);
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    // A star may match nothing,
    if (x === '*') stack.push([i + 1, j]);
    if (y === '*') stack.push([i, j + 1]);
    if (x === undefined || y === undefined || (x === '*' && y === '*')) continue;
    // or one character both sides accept.
    if (x === '*') stack.push([i, j + 1]);
    else if (y === '*') stack.push([i + 1, j]);
    else if (x === '?' || y === '?' || x === y) stack.push([i + 1, j + 1]);
  }
  return false;
}

/**
 * An ARN's six fields (arn, partition, service, region, account, resource): a real ARN has one
 * value per field, so a star stands for one field's value, except in the resource, which may
 * hold `:` itself. A trailing star stands for every field after it (`arn:aws:ec2:*`). A
 * placeholder (`${account}`, filled in when the policy is applied) is any value of its field.
 */
function arnFields(pattern: string): string[] | undefined {
  if (!pattern.startsWith('arn:')) return undefined;
  const parts = pattern.split(':').map((p, i) => (i < 5 ? p.replace(/\$\{[^}]*\}/g, '*') : p));
  if (parts.length >= 6) return [...parts.slice(0, 5), parts.slice(5).join(':').replace(/\$\{[^}]*\}/g, '*')];
  return parts.at(-1) === '*' ? [...parts, ...Array<string>(6 - parts.length).fill('*')] : undefined;
}

/** Whether one resource could match both patterns. */
export function patternsIntersect(a: string, b: string): boolean {
  const [x, y] = [arnFields(a), arnFields(b)];
  if (x && y) return x.every((field, i) => globsIntersect(field, y[i]!));
  return globsIntersect(a, b);
}

export const hasWildcard = (pattern: string): boolean => /[*?]/.test(pattern);
