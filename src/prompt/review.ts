/**
 * The review screen: every answer the run will generate from, on one screen, with where the
 * repository-specific ones came from, and what would stop generation. Shown before anything is
 * written; the user generates, changes answers, starts over or quits from here.
 */
import { NO_ENDPOINT, type Answers } from '../config/answers.js';
import { combinationProblems } from '../config/combinations.js';
import { notGeneratedYet } from '../config/generation-support.js';
import type { Problem } from '../core/errors.js';
import type { Detection } from '../detect/index.js';

const endpoint = (path: string): string => (path === NO_ENDPOINT ? 'none' : path);

export function formatReview(a: Answers, detection?: Detection): string {
  const from = (field: string): string => {
    const d = detection?.detected.find((x) => x.field === field && !x.ignored);
    return d ? `  ← ${d.file}` : '';
  };
  const c = a.app.commands;
  const lines = [
    `${a.name} · ${a.tier} · ${a.stack} · ${a.strategy} · ${a.environments.join(' → ')} · ${a.region}${a.secondaryRegion !== 'none' ? ` + ${a.secondaryRegion}` : ''}`,
    `repository   ${a.repository} · branch ${a.branch}${from('branch')}`,
    `build        ${a.app.packageManager} · ${a.stack} ${a.app.runtimeVersion}${a.app.native.length ? ` · native: ${a.app.native.join(', ')}` : ''}${from('app.packageManager')}`,
    `install      ${c.install}`,
    `test         ${c.test}${from('app.commands.test')}`,
    ...(c.build ? [`build        ${c.build}`] : []),
    `start        ${c.start.join(' ')}${from('app.commands.start')}`,
    `serves       port ${a.app.port}${from('app.port')}`,
    `             health ${endpoint(a.app.healthPath)} · readiness ${endpoint(a.app.readinessPath)} · metrics ${endpoint(a.app.metricsPath)}${a.app.metricsLibrary ? ` (${a.app.metricsLibrary})` : ''}`,
    `services     ${a.backingServices.join(', ') || 'none'}`,
    `settings     ${a.app.settings.map((s) => `${s.name}${s.secret ? ' (secret)' : ''}`).join(', ') || 'none'}`,
    ...(a.skip.length ? [`left out     ${a.skip.join(', ')}`] : []),
  ];
  return lines.join('\n');
}

/** What would stop generation with these answers: conflicts, and values not generated yet. */
export function reviewProblems(a: Answers): Problem[] {
  return [...combinationProblems(a), ...notGeneratedYet(a)];
}
