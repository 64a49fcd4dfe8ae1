/**
 * Terminal styling for progress and the final screen: ANSI colours only on a TTY,
 * never with NO_COLOR set (https://no-color.org) or TERM=dumb.
 */
export interface Style {
  enabled: boolean;
  dim: (s: string) => string;
  bold: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  red: (s: string) => string;
  cyan: (s: string) => string;
}

export function style(isTTY: boolean, env: Record<string, string | undefined>): Style {
  const enabled = isTTY && !('NO_COLOR' in env && env['NO_COLOR'] !== '') && env['TERM'] !== 'dumb';
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { enabled, dim: wrap(2, 22), bold: wrap(1, 22), green: wrap(32, 39), yellow: wrap(33, 39), red: wrap(31, 39), cyan: wrap(36, 39) };
}

/** "step 2 of 4: infrastructure as code" — with a marker and colour on a terminal. */
export function progressLine(s: Style, event: { index: number; total: number; title: string; step: string; skipped?: boolean }): string {
  if (event.step === 'integration') return `${s.enabled ? s.cyan('◇') : '-'} ${s.dim('checking that the steps fit together')}\n`;
  if (event.skipped) return `${s.enabled ? s.dim('○') : '-'} ${s.dim(`step ${event.index} of ${event.total}: ${event.title} (left out in devops-stack.yaml)`)}\n`;
  return `${s.enabled ? s.cyan('◇') : '-'} ${s.dim(`step ${event.index} of ${event.total}:`)} ${event.title}\n`;
}
