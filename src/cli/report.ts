/**
 * What a run prints: a human summary grouped by step, the token report and the next
 * steps; or, with --json, one JSON document with the same facts.
 */
import { ciOf, cloudOf, targetOf } from '../platforms/registry.js';
import { formatProblem, type Problem } from '../core/errors.js';
import type { Generation } from '../core/pipeline.js';
import type { Finding } from '../integration/rule.js';
import type { FileChange } from '../write/writer.js';
import { formatCompleteness, type CompletenessReport } from '../completeness/check.js';
import type { GoalInference } from '../goal/infer.js';
import { style, type Style } from '../prompt/style.js';
import { formatWarnings, type Warning } from '../prompt/warnings.js';

const STEP_HEADINGS: Record<string, string> = {
  cicd: 'CI/CD pipeline',
  iac: 'Infrastructure as code',
  observability: 'Observability',
  deployment: 'Deployment strategy',
  integration: 'Integration guides',
  answers: 'Answers',
};

export interface RunReport {
  ok: boolean;
  version: string;
  dir: string;
  dryRun: boolean;
  written: boolean;
  answers?: unknown;
  files: { path: string; step: string; status: string; bytes: number; tokens: number; summary: string }[];
  /** Steps left out in the answers (skip): not run, and not a failure. */
  skipped: Generation['skipped'];
  tokens?: Generation['tokens']['byStep'];
  findings: Finding[];
  errors: Problem[];
  /** Each step's deliverables for this tier: present, missing or skipped, and the share present. */
  completeness?: CompletenessReport;
  /** Conflicts, missing pieces and unsupported requests, each with the options that resolve it. */
  warnings?: Warning[];
  /** What --goal inferred, word by word. */
  goal?: GoalInference;
}

export function buildReport(base: Pick<RunReport, 'version' | 'dir' | 'dryRun'>, generation: Generation, changes: readonly FileChange[], written: boolean): RunReport {
  return {
    ok: true,
    ...base,
    written,
    answers: generation.plan.answers,
    files: changes.map(({ file, status }) => ({
      path: file.path,
      step: file.producer,
      status,
      bytes: Buffer.byteLength(file.content),
      tokens: generation.tokens.byFile[file.path] ?? 0,
      summary: file.summary,
    })),
    tokens: generation.tokens.byStep,
    skipped: generation.skipped,
    findings: generation.findings,
    errors: [],
  };
}

const STATUS_STYLE: Record<string, keyof Style> = { new: 'green', changed: 'yellow', unchanged: 'dim' };

/** `s` styles it for a terminal (see src/prompt/style.ts); plain by default. */
export function formatSummary(report: RunReport, generation: Generation, s: Style = style(false, {})): string {
  const lines: string[] = [];
  const a = generation.plan.answers;
  lines.push(`create-devops-stack ${report.version} → ${report.dir}`);
  lines.push(`${a.name}: ${[a.tier, a.stack, a.ci, a.cloud, a.iac, a.target, a.strategy].join(' · ')} · environments ${a.environments.join(', ')}`);
  if (report.goal) {
    const matched = report.goal.matches.filter((m) => m.sets.length).map((m) => `"${m.text}" → ${m.sets.join(', ')}`);
    lines.push(`goal "${report.goal.goal}": ${matched.join('; ') || 'no known words, defaults used'}`);
  }
  const width = Math.max(...report.files.map((f) => f.path.length));
  for (const step of Object.keys(STEP_HEADINGS)) {
    const files = report.files.filter((f) => f.step === step);
    const leftOut = (report.skipped as string[]).includes(step);
    if (!files.length && !leftOut) continue;
    lines.push('', leftOut ? `${s.bold(STEP_HEADINGS[step]!)} ${s.dim('left out in devops-stack.yaml (skip)')}` : s.bold(STEP_HEADINGS[step]!));
    const paint = (status: string): string => (s[STATUS_STYLE[status] ?? 'dim'] as (t: string) => string)(status.padEnd(9));
    for (const f of files) lines.push(`  ${paint(f.status)} ${f.path.padEnd(width)}  ${s.dim(f.summary)}`);
  }
  lines.push('', s.bold('Tokens (cl100k_base)'));
  for (const s of report.tokens ?? []) {
    // Counted with the reference names when the user's own tokenize badly (src/integration/budgets.ts, fairCounting).
    lines.push(`  ${s.step.padEnd(14)} ${String(s.tokens).padStart(6)} / ${s.budget}${s.reference !== undefined ? ` (${s.reference} with the reference names)` : ''}`);
  }
  if (report.completeness) {
    const [head = '', ...rest] = formatCompleteness(report.completeness);
    lines.push('', report.completeness.percent === 100 ? s.green(head) : report.completeness.percent < report.completeness.threshold ? s.red(head) : s.yellow(head), ...rest);
  }
  for (const finding of report.findings) lines.push('', `⚠ ${finding.rule}: ${finding.message}\n  → ${finding.remedy}`);
  if (report.warnings?.length) lines.push('', ...formatWarnings(report.warnings).map((l) => (l.startsWith('⚠') ? s.yellow(l) : l)));
  lines.push('', report.dryRun ? 'Dry run: nothing was written.' : report.written ? 'Files written.' : 'Nothing to write: every file is up to date.');
  lines.push('', s.bold('Next steps'), ...nextSteps(generation).map((s, i) => `  ${i + 1}. ${s}`));
  return lines.join('\n') + '\n';
}

export function nextSteps(generation: Generation): string[] {
  const { plan } = generation;
  const [ci, cloud, target] = [ciOf(plan), cloudOf(plan), targetOf(plan)];
  const prod = plan.environments.find((e) => e.isProduction) ?? plan.environments[0]!;
  const cmds = plan.commands.perEnvironment[prod.name]!;
  const { skipped } = generation;
  const withCi = !skipped.includes('cicd');
  const observe = skipped.includes('observability') ? [] : target.guide.configure?.(plan) ?? [];
  const guide = `${plan.paths.docsDir}/setup-guide.md`;
  const steps: string[] = [
    ...(withCi ? ci.guide.fixAnswers?.(plan) ?? [] : []),
    ...(cloud.guide.fixAnswers?.(plan) ?? []),
    `Bootstrap state, OIDC and deploy identities (once, admin credentials): ${plan.commands.bootstrap.map((c) => c.run).join(' && ')}`,
    `Provision ${prod.name}: ${cmds.infraInit.run} && ${cmds.infraPlan.run} && ${cmds.infraApply.run}`,
  ];
  // The runtime's own setup (monitoring) comes before the first deploy, by hand or by CI.
  const first = observe.length ? `${observe.join(', ')}, then ` : '';
  if (!withCi) return [...steps, `${first}${first ? 'deploy' : 'Deploy'} by hand (CI/CD is left out): see ${guide}.`];
  return [...steps, ...(ci.guide.configure?.(plan) ?? []), `${first}${first ? 'push' : 'Push'} to main: see ${guide}.`];
}

export function formatProblems(title: string, problems: readonly Problem[]): string {
  return `${title}\n${problems.map(formatProblem).join('\n')}\n`;
}
