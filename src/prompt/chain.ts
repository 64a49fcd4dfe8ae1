/**
 * The detected chain: the four steps with what each will generate and which words of
 * the goal (or which repository files) led there. Shown before the user confirms.
 */
import type { Answers } from '../config/answers.js';
import type { Detection } from '../detect/index.js';
import type { GoalInference } from '../goal/infer.js';
import type { GoalStep } from '../goal/vocabulary.js';
import { leaveOutOptions } from './leave-out.js';

export interface ChainLine {
  step: GoalStep;
  title: string;
  summary: string;
  /** What led there: goal words ("canary") and detected files ("package.json"). */
  because: string[];
}

const TITLES: Record<GoalStep, string> = { cicd: 'CI/CD', iac: 'Infrastructure', observability: 'Observability', deployment: 'Deployment' };

function observabilitySummary(a: Answers): string {
  const parts = ['metrics', 'alerts', 'RED dashboard'];
  if (a.tier !== 'T1') parts.push('SLO burn-rate alerts', 'tracing');
  if (a.tier === 'T3') parts.push('anomaly detection');
  return parts.join(', ');
}

export function detectedChain(a: Answers, goal?: GoalInference, detection?: Detection): ChainLine[] {
  const summaries: Record<GoalStep, string> = {
    cicd: `GitHub Actions · ${a.stack} ${a.app.runtimeVersion} · ${a.app.packageManager} · on ${a.branch}${a.tier !== 'T1' ? ' · security gates' : ''}${a.tier === 'T3' ? ' · SBOM, signing' : ''}`,
    iac: `Terraform · ${a.cloud === 'gcp' ? `Google Cloud ${a.gcp?.project ?? ''} ` : a.cloud === 'azure' ? `Azure ${a.azure?.subscription ?? ''} ` : 'AWS '}${a.region}${a.secondaryRegion !== 'none' ? ` + ${a.secondaryRegion}` : ''} · ${a.cloud === 'gcp' ? 'GKE' : a.cloud === 'azure' ? 'AKS' : 'EKS'} · ${a.tier}`,
    observability: observabilitySummary(a),
    deployment: `Kubernetes · ${a.strategy} · ${a.environments.join(' → ')}${a.backingServices.length ? ` · ${a.backingServices.join(', ')}` : ''}`,
  };
  // A left-out step says so, with what is lost (the same reasoning that allowed it).
  const leftOut = (step: GoalStep): string | undefined =>
    (a.skip as readonly GoalStep[]).includes(step) ? `left out (skip) · ${leaveOutOptions(a).find((o) => o.step === step)!.reason}` : undefined;
  const fileStep = (field: string): GoalStep | undefined =>
    ['stack', 'ci', 'branch', 'app.packageManager', 'app.runtimeVersion'].includes(field) || field.startsWith('app.commands.')
      ? 'cicd'
      : field === 'app.metricsPath' || field === 'app.metricsLibrary'
        ? 'observability'
        : ['app.port', 'app.healthPath', 'app.readinessPath', 'backingServices', 'kubernetes', 'app.settings'].includes(field)
          ? 'deployment'
          : undefined;
  // One entry per file: "package.json → stack, app.packageManager, app.commands.test".
  const fromFiles = (step: GoalStep): string[] => {
    const byFile = new Map<string, string[]>();
    for (const d of detection?.detected ?? []) {
      if (d.ignored || fileStep(d.field) !== step) continue;
      const fields = byFile.get(d.file) ?? [];
      if (!fields.includes(d.field)) fields.push(d.field);
      byFile.set(d.file, fields);
    }
    return [...byFile].map(([file, fields]) => `${file} → ${fields.join(', ')}`);
  };
  return (Object.keys(TITLES) as GoalStep[]).map((step) => ({
    step,
    title: TITLES[step],
    summary: leftOut(step) ?? summaries[step],
    because: [
      ...(goal?.matches.filter((m) => m.step === step && m.sets.length).map((m) => `"${m.text}" → ${m.sets.join(', ')}`) ?? []),
      ...(goal?.matches
        .filter((m) => m.step === step)
        .flatMap((m) => goal.unsupported.filter((u) => u.text === m.text))
        .map((u) => `"${u.text}" ✖ not supported yet (${u.field}: ${u.alternatives.join(', ')})`) ?? []),
      ...fromFiles(step),
    ],
  }));
}

export function formatChain(lines: readonly ChainLine[]): string {
  return lines
    .map((l, i) => `${i + 1}. ${l.title.padEnd(15)}${l.summary}${l.because.length ? `\n   ${' '.repeat(15)}from ${l.because.join('; ')}` : ''}`)
    .join('\n');
}
