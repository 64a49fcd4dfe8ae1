/** Detection in the summary: one line per decision, with its file and reason. */
import { show } from './resolve.js';
import type { Detected } from './types.js';

/** Start commands read best as the words they are: ["gunicorn", "app:app"] → gunicorn app:app. */
const valueText = (d: Detected): string => (d.field === 'app.commands.start' && Array.isArray(d.value) ? `[${(d.value as string[]).join(' ')}]` : show(d.value));

export function formatDetection(detection: { detected: readonly Detected[] }): string[] {
  return detection.detected.map((d) => {
    const because = d.reason && d.reason !== d.file ? `: ${d.reason}` : '';
    return `  ${d.field} = ${valueText(d)} (from ${d.file}${because})${d.ignored ? ` — not used: ${d.ignored}` : ''}`;
  });
}
