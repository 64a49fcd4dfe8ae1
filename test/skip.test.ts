/** Leaving a step out (answers `skip`): answers, pipeline, rules, guides, completeness, check, guided run. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCli } from '../src/cli/args.js';
import { checkCompleteness } from '../src/completeness/check.js';
import { parseAnswersFile, serializeAnswers } from '../src/config/answers-file.js';
import { withDefaults, type PartialAnswers } from '../src/config/defaults.js';
import { resolveAnswers } from '../src/config/load.js';
import { InputError } from '../src/core/errors.js';
import { generate } from '../src/core/pipeline.js';
import { runRules } from '../src/integration/rule.js';
import { RULES } from '../src/integration/rules/index.js';
import { guidedRun } from '../src/prompt/flow.js';
import { isAsked, QUESTIONS } from '../src/prompt/questions.js';
import { progressLine, style } from '../src/prompt/style.js';
import { warningsFor } from '../src/prompt/warnings.js';
import { DEFAULT_ANSWERS } from './fixtures.js';
import { readTree, runCli, tempDir } from './helpers/run-cli.js';
import { DEFAULT, scriptedPrompts } from './helpers/scripted-prompts.js';
import { formatFindings, validateTree } from './validators/index.js';

const answersWith = (extra: PartialAnswers) => withDefaults({ ...DEFAULT_ANSWERS, ...extra });
const workflows = (paths: Iterable<string>): string[] => [...paths].filter((p) => p.startsWith('.github/'));

describe('skip in the answers', () => {
  it('is omitted when empty, so devops-stack.yaml stays byte-identical, and round-trips when set', () => {
    const plain = serializeAnswers(answersWith({}));
    expect(serializeAnswers(answersWith({ skip: [] }))).toBe(plain);
    expect(answersWith({}).skip).toEqual([]);
    const text = serializeAnswers(answersWith({ skip: ['observability', 'cicd'] }));
    expect(text.endsWith('skip:\n  - cicd\n  - observability\n')).toBe(true);
    const back = resolveAnswers(parseAnswersFile(text, 'devops-stack.yaml'));
    expect(back.skip).toEqual(['cicd', 'observability']);
    expect(serializeAnswers(back)).toBe(text);
  });

  it('accepts only the steps that can be left out, each once', () => {
    expect(() => resolveAnswers({ name: 'a', skip: ['iac'] })).toThrow(InputError);
    expect(() => resolveAnswers({ name: 'a', skip: ['cicd', 'cicd'] })).toThrow(InputError);
  });

  it('refuses observability left out under canary analysis, naming both fields and the remedy', () => {
    const error = (() => {
      try {
        resolveAnswers({ name: 'a', tier: 'T2', strategy: 'canary', skip: ['observability'] });
      } catch (e) {
        return e as InputError;
      }
      throw new Error('expected an InputError');
    })();
    expect(error).toBeInstanceOf(InputError);
    const problem = error.problems.find((p) => p.where === 'skip')!;
    expect(problem.message).toMatch(/observability is left out \(skip\), but strategy canary needs it/);
    expect(problem.remedy).toMatch(/Remove observability from skip.*--strategy rolling/);
  });

  it('is set by --skip a,b', () => {
    expect(parseCli(['--skip', 'cicd,observability']).answers['skip']).toEqual(['cicd', 'observability']);
  });
});

describe('generation with a step left out', () => {
  it('without CI/CD: no workflow, the Dockerfile kept, every validator and rule passes, guides describe deploys by hand', async () => {
    const progress: string[] = [];
    const generation = await generate(answersWith({ skip: ['cicd'] }), { onProgress: (e) => progress.push(`${e.step}${e.skipped ? ' skipped' : ''}`) });
    expect(progress).toEqual(['cicd skipped', 'iac', 'observability', 'deployment', 'integration']);
    expect(progressLine(style(false, {}), { step: 'cicd', index: 1, total: 4, title: 'CI/CD pipeline', skipped: true })).toBe('- step 1 of 4: CI/CD pipeline (left out in devops-stack.yaml)\n');
    expect(generation.skipped).toEqual(['cicd']);
    expect(workflows(generation.tree.keys())).toEqual([]);
    expect(generation.tree.has('Dockerfile')).toBe(true);
    expect(generation.facts.cicd).toEqual({ workflows: [], deploys: [], jobs: [], environmentOrder: [], needs: [], policies: [], image: null });
    expect(generation.findings).toEqual([]);
    const { findings } = await validateTree(generation.tree);
    expect(findings, formatFindings(findings)).toEqual([]);

    const setup = generation.tree.get('docs/devops/setup-guide.md')!.content;
    expect(setup).toContain('## 3. Deploy by hand');
    expect(setup).toContain('(cd deploy/k8s && kustomize edit set image "shop-api=${IMAGE}")');
    expect(setup).not.toMatch(/gh workflow|Configure CI\/CD|deploy\.yml|CI runs/);
    const integration = generation.tree.get('docs/devops/integration-guide.md')!.content;
    expect(integration).toContain('## Deploys run by hand');
    expect(integration).not.toMatch(/## CI|Secrets and variables|deploy\.yml/);
    expect(generation.tree.get('docs/devops/validation-checklist.md')!.content).not.toContain('## CI/CD');
    // The strategy document speaks of deploys and rollbacks run by hand, not of CI.
    expect(generation.tree.get('docs/devops/deployment-strategy.md')!.content).not.toMatch(/\bCI\b|gh run/);
  });

  it('without observability at T1: nothing under deploy/observability, CI does not apply it, guides have no observability stage', async () => {
    const generation = await generate(answersWith({ skip: ['observability'] }));
    expect([...generation.tree.keys()].filter((p) => p.startsWith('deploy/observability/'))).toEqual([]);
    expect(generation.tree.get('.github/workflows/deploy.yml')!.content).not.toContain('deploy/observability');
    expect(generation.findings).toEqual([]);
    const { findings } = await validateTree(generation.tree);
    expect(findings, formatFindings(findings)).toEqual([]);
    const guides = ['setup-guide.md', 'integration-guide.md', 'validation-checklist.md'].map((f) => generation.tree.get(`docs/devops/${f}`)!.content).join('\n');
    expect(guides).not.toMatch(/Deploy observability|deploy\/observability|kube-prometheus-stack|## Observability/);
    expect(guides).toContain('## 2. Prepare the cluster');
  });

  it('without both at T3 (postgres, two regions): generation passes its rules and budgets, migrations run by hand before the workload', async () => {
    const generation = await generate(answersWith({ tier: 'T3', backingServices: ['postgres'], skip: ['cicd', 'observability'] }));
    expect(generation.skipped).toEqual(['cicd', 'observability']);
    const setup = generation.tree.get('docs/devops/setup-guide.md')!.content;
    const prod = setup.slice(setup.indexOf('`prod`:'));
    expect(prod.indexOf('kubectl wait --for=condition=complete')).toBeLessThan(prod.indexOf('kubectl apply -k deploy/k8s/overlays/prod'));
    expect(setup).toContain('`prod-us-west-2`:');
  });

  it('rules that need a left-out step do not run; the others still do', async () => {
    const generation = await generate(answersWith({}));
    const broken = structuredClone(generation.facts);
    broken.cicd.deploys[0]!.clusterName = 'other';
    broken.deployment.workload!.probes[0]!.path = '/nowhere';
    const context = (skip: PartialAnswers['skip']) => ({ plan: { ...generation.plan, answers: { ...generation.plan.answers, ...(skip ? { skip } : {}) } }, facts: broken, tree: generation.tree });
    const ran = (skip?: PartialAnswers['skip']) => [...new Set(runRules(RULES, context(skip)).map((f) => f.rule))];
    expect(ran()).toEqual(['cluster-matches-iac', 'probe-paths-match-app']);
    expect(ran(['cicd'])).toEqual(['probe-paths-match-app']);
    expect(ran(['cicd', 'observability'])).toEqual([]);
  });

  it('completeness reports the deliverables of a left-out step as skipped, not missing', async () => {
    const generation = await generate(answersWith({ skip: ['cicd'] }));
    const report = checkCompleteness(generation.plan, generation.tree);
    expect(report.missing).toBe(0);
    expect(report.percent).toBe(100);
    const cicd = report.deliverables.filter((d) => d.step === 'cicd');
    expect(cicd.filter((d) => d.status === 'skipped').every((d) => d.detail === 'left out in devops-stack.yaml')).toBe(true);
    expect(cicd.find((d) => d.path === '.github/workflows/deploy.yml')).toMatchObject({ status: 'skipped' });
    expect(cicd.find((d) => d.path === 'Dockerfile')).toMatchObject({ status: 'present' });
  });
});

describe('the CLI with --skip', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('reports the step as skipped in --json, writes no workflow, and check is clean', async () => {
    const { dir: cwd, cleanup } = tempDir('cds-skip-');
    cleanups.push(cleanup);
    const run = await runCli(['app', '--yes', '--json', '--name', 'shop-api', '--skip', 'cicd'], cwd);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { skipped: string[]; files: { path: string }[] };
    expect(report.skipped).toEqual(['cicd']);
    expect(workflows(report.files.map((f) => f.path))).toEqual([]);
    expect(workflows(readTree(join(cwd, 'app')).keys())).toEqual([]);
    const check = await runCli(['check', 'app', '--json'], cwd);
    const result = JSON.parse(check.stdout) as { ok: boolean; files: { status: string }[]; findings: unknown[] };
    expect(check.code).toBe(0);
    expect(result.findings).toEqual([]);
    expect(result.files.every((f) => f.status === 'clean')).toBe(true);
  });

  it('refuses observability left out with canary (exit 2, naming skip)', async () => {
    const { dir: cwd, cleanup } = tempDir('cds-skip-');
    cleanups.push(cleanup);
    const run = await runCli(['app', '--yes', '--dry-run', '--tier', 'T2', '--strategy', 'canary', '--skip', 'observability'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('skip: observability is left out');
  });
});

describe('leaving a step out in the guided run', () => {
  const base = { name: 'shop-api', repository: 'acme/shop-api' };
  /** Enter on every question before the last one (leave a step out), then the given reply. */
  const customise = (raw: PartialAnswers, last: string[], flags: Record<string, unknown> = {}) => {
    const before = QUESTIONS.filter((q) => q.id !== 'skip' && !(q.id in flags) && isAsked(q, withDefaults({ ...raw, ...flags }))).length;
    return scriptedPrompts(['', 'customise', ...Array<typeof DEFAULT>(before).fill(DEFAULT), last, 'generate']);
  };

  it('offers CI/CD and observability, applies leaving CI/CD out, and shows it in the chain', async () => {
    const ui = customise(base, ['cicd']);
    const outcome = await guidedRun({ base, flags: {} }, ui);
    expect(ui.remaining()).toBe(0);
    const question = ui.calls.find((c) => c.message.startsWith('Leave a step out'))!;
    expect(question.choices).toEqual(['cicd', 'observability']);
    expect(outcome).toMatchObject({ raw: { skip: ['cicd'] } });
    expect(ui.log.find((l) => l.startsWith('note Chain to generate'))).toMatch(/1\. CI\/CD\s+left out \(skip\)/);
  });

  it('offers only CI/CD under canary analysis', async () => {
    const flags = { tier: 'T2', strategy: 'canary' };
    const ui = customise(base, [], flags);
    expect(await guidedRun({ base, flags }, ui)).toMatchObject({ raw: { strategy: 'canary', skip: [] } });
    expect(ui.remaining()).toBe(0);
    expect(ui.calls.find((c) => c.message.startsWith('Leave a step out'))!.choices).toEqual(['cicd']);
  });

  it('warns, with resolutions, when observability is left out and the strategy needs it', () => {
    const warning = warningsFor(answersWith({ tier: 'T2', strategy: 'canary', skip: ['observability', 'cicd'] })).find((w) => w.id === 'progressive-needs-observability')!;
    expect(warning.blocking).toBe(true);
    expect(warning.options.map((o) => [o.flag, o.patch])).toEqual([
      ["--skip 'cicd'", { skip: ['cicd'] }],
      ['--strategy rolling', { strategy: 'rolling' }],
    ]);
  });
});
