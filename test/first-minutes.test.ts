/**
 * The first ten minutes (issue 13): a mistyped subcommand or flag is answered with the nearest
 * one, never a stack in a directory named after the typo; the guided run honours negations,
 * never defaults to generating what it cannot, keeps what was detected, shows a review before
 * writing, quits on one Ctrl-C, and never shows a regular expression.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import schema from '../schemas/devops-stack.schema.json' with { type: 'json' };
import { parseCli } from '../src/cli/args.js';
import { editDistance, nearest } from '../src/cli/suggest.js';
import { PATTERN_TEXT } from '../src/config/pattern-text.js';
import { schemaProblems } from '../src/config/validate.js';
import type { Detection } from '../src/detect/index.js';
import { applyGoal, inferGoal } from '../src/goal/infer.js';
import { CANCEL, QUIT } from '../src/prompt/adapter.js';
import { guidedRun } from '../src/prompt/flow.js';
import { warningsFor } from '../src/prompt/warnings.js';
import { withDefaults } from '../src/config/defaults.js';
import { runCli, tempDir } from './helpers/run-cli.js';
import { DEFAULT, scriptedPrompts } from './helpers/scripted-prompts.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function workspace(): string {
  const { dir, cleanup } = tempDir('cds-first-');
  cleanups.push(cleanup);
  return dir;
}

describe('a mistyped command line', () => {
  it('"chek" is an error with "did you mean `check`?", and no directory named chek appears', async () => {
    const cwd = workspace();
    const run = await runCli(['chek'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('chek: is not a command: did you mean `check`?');
    expect(run.stderr).toContain('write ./chek');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('takes the same word as a directory when it exists, or when written as a path', () => {
    const cwd = workspace();
    expect(() => parseCli(['./chek'], cwd)).not.toThrow();
    mkdirSync(join(cwd, 'chek'));
    expect(parseCli(['chek'], cwd)).toMatchObject({ command: 'generate', dir: 'chek' });
    expect(() => parseCli(['upgarde'], cwd)).toThrow(/did you mean `upgrade`/);
    expect(() => parseCli(['services'], cwd)).not.toThrow();
  });

  it('"generate" and "init" are not commands: the run says what to type instead', () => {
    expect(() => parseCli(['init'], workspace())).toThrow(/is not a command/);
  });

  it('an unknown flag suggests the nearest one, in our words', async () => {
    const run = await runCli(['app', '--tiers', 'T2'], workspace());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--tiers: is not an option of create-devops-stack');
    expect(run.stderr).toContain('Did you mean --tier?');
    expect(run.stderr).not.toContain('To specify a positional argument');
    expect((await runCli(['app', '--dryrun'], workspace())).stderr).toContain('Did you mean --dry-run?');
  });

  it('a flag without its value says so', async () => {
    const run = await runCli(['app', '--tier'], workspace());
    expect(run.stderr).toContain('--tier: needs a value');
  });

  it('names files as they were typed, never as absolute paths', async () => {
    const cwd = workspace();
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'devops-stack.yaml'), 'name: [unclosed\n');
    const run = await runCli(['svc'], cwd);
    expect(run.stderr).toContain('svc/devops-stack.yaml: is not valid YAML');
    expect(run.stderr).not.toContain(cwd);
    const explicit = await runCli(['svc', '--config', './svc/devops-stack.yaml'], cwd);
    expect(explicit.stderr).toContain('./svc/devops-stack.yaml: is not valid YAML');
  });

  it('suggests only near misses', () => {
    expect(editDistance('chekc', 'check')).toBe(1);
    expect(nearest('stak', ['stack', 'strategy'])).toBe('stack');
    expect(nearest('banana', ['check', 'upgrade'])).toBeUndefined();
  });

  it('new answers have flags: --branch, --package-manager, --runtime-version, --test-command', () => {
    const options = parseCli(['--branch', 'master', '--package-manager', 'yarn', '--runtime-version', '20', '--test-command', 'yarn test:unit'], workspace());
    expect(options.answers).toEqual({ branch: 'master', app: { packageManager: 'yarn', runtimeVersion: '20', commands: { test: 'yarn test:unit' } } });
  });
});

describe('messages never show a regular expression', () => {
  const patterns: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { pattern?: string; properties?: Record<string, unknown>; items?: unknown; propertyNames?: { pattern?: string } };
    if (n.pattern) patterns.push(path);
    if (n.propertyNames?.pattern) patterns.push(path);
    for (const [k, v] of Object.entries(n.properties ?? {})) walk(v, path ? `${path}.${k}` : k);
    if (n.items) walk(n.items, path);
  };
  walk(schema, '');

  it('every pattern in the schema has its words', () => {
    expect(patterns.length).toBeGreaterThan(10);
    for (const path of patterns) expect(PATTERN_TEXT[path], path).toBeTruthy();
  });

  it('an invalid value is explained in words', () => {
    const problems = schemaProblems({ name: 'Bad_Name', region: 'Mars 1', branch: 'a..b', app: { commands: { test: 'echo ${{ secrets.X }}' } } });
    expect(problems.map((p) => p.where).sort()).toEqual(['app.commands.test', 'branch', 'name', 'region']);
    for (const p of problems) expect(`${p.message} ${p.remedy}`).not.toMatch(/\^|\$\)|\(\?|\[A-Za-z|\\\\/);
  });
});

const base = { name: 'shop-api', repository: 'acme/shop-api' };

/** A detection as a Node repository on Yarn with Postgres would give it. */
const yarnRepo: Detection = {
  answers: { stack: 'node', name: 'shop-api', backingServices: ['postgres'], app: { port: 3000 } },
  stackAnswers: { stack: 'node', app: { packageManager: 'yarn', commands: { install: 'yarn install --immutable', test: 'yarn test', start: ['node', 'server.js'] } } },
  detected: [
    { field: 'stack', value: 'node', file: 'package.json', reason: 'package.json' },
    { field: 'app.packageManager', value: 'yarn', file: 'yarn.lock', reason: 'lockfile yarn.lock' },
  ],
  ci: [],
  kubernetes: [],
  orchestration: [],
};

describe('negations in the goal', () => {
  it('"no monitoring" and "without CI" leave those steps out; "without postgres" removes what was detected', () => {
    const goal = inferGoal('node API without CI, no monitoring and without postgres');
    expect(goal.answers.skip).toEqual(['cicd', 'observability']);
    expect(goal.excluded).toEqual(['postgres']);
    expect(applyGoal({ backingServices: ['postgres', 'redis'] }, goal)).toMatchObject({ skip: ['cicd', 'observability'], backingServices: ['redis'] });
  });

  it('"no canary" turns a canary strategy from the answers file into rolling', () => {
    expect(applyGoal({ strategy: 'canary', tier: 'T2' }, inferGoal('no canary please'))).toMatchObject({ strategy: 'rolling' });
  });

  it('"no kubernetes" is answered with the reason, in the guided run', async () => {
    const ui = scriptedPrompts(['confirm', 'generate']);
    await guidedRun({ base, flags: {}, goal: 'python API, no kubernetes' }, ui);
    expect(ui.log.some((l) => l.includes('your goal says "no kubernetes", but Kubernetes (EKS) is the only target'))).toBe(true);
  });
});

describe('negations that cannot be honoured are answered', () => {
  it('"not node" in a Node repository names the file that says so', () => {
    const warnings = warningsFor(withDefaults({ stack: 'node' }), { goal: inferGoal('not node, a service with no alerts'), detection: yarnRepo });
    expect(warnings.find((w) => w.id === 'negated-stack')?.message).toBe('your goal says "not node", but package.json says this is a node service');
    const alerts = warnings.find((w) => w.id === 'negated-observability-alerts')!;
    expect(alerts.message).toContain('come with the observability step');
    expect(alerts.options.map((o) => o.flag)).toEqual(['', '--skip observability']);
  });
});

describe('the guided run', () => {
  it('never leaves "generate" as the default when the goal asks for something unsupported', async () => {
    const ui = scriptedPrompts(['confirm', 'generate']);
    await guidedRun({ base, flags: {}, goal: 'python on Hetzner' }, ui);
    const [first, review] = ui.calls.filter((c) => c.kind === 'select');
    expect(first!.initial).toBe('customise');
    expect(review!.message).toBe('Generate with these answers?');
    expect(review!.initial).toBe('customise');
  });

  it('shows a review of every answer before generating, with where detected values came from', async () => {
    const ui = scriptedPrompts(['confirm', 'generate']);
    const outcome = await guidedRun({ base, flags: {}, goal: 'node api', detection: yarnRepo }, ui);
    const review = ui.log.find((l) => l.startsWith('note Review'))!;
    expect(review).toContain('yarn · node 22  ← yarn.lock');
    expect(review).toContain('test         yarn test');
    expect(review).toContain('start        node server.js');
    expect(ui.log.indexOf(review)).toBeLessThan(ui.log.findIndex((l) => l.startsWith('outro')));
    expect(outcome).toMatchObject({ raw: { stack: 'node' } });
  });

  it('"use the plain defaults" ignores the goal but keeps what was detected', async () => {
    const ui = scriptedPrompts(['defaults', 'generate']);
    const outcome = await guidedRun({ base: { ...base, ...yarnRepo.answers }, flags: {}, goal: 'go service with canary', detection: yarnRepo }, ui);
    expect(outcome).toMatchObject({ raw: { stack: 'node', backingServices: ['postgres'], app: { port: 3000 } } });
    expect(ui.log.find((l) => l.startsWith('note Review'))).toContain('yarn');
  });

  it('refuses to generate from the review what cannot be generated yet, and says why', async () => {
    const ui = scriptedPrompts(['confirm', 'quit']);
    await guidedRun({ base: { ...base, cloud: 'gcp', gcp: { project: 'acme-shop' }, app: { metricsPath: 'none' } }, flags: {}, goal: 'node api' }, ui);
    const review = ui.calls.at(-1)!;
    expect(review.message).toContain('cannot be generated yet');
    expect(review.initial).toBe('customise');
    expect(ui.log.some((l) => l.startsWith('warn app.metricsPath: is none: on gcp'))).toBe(true);
  });

  it('quits on one Ctrl-C at any question, where Esc opens the menu', async () => {
    const atGoal = scriptedPrompts([QUIT]);
    expect(await guidedRun({ base, flags: {} }, atGoal)).toEqual({ cancelled: true });
    const midway = scriptedPrompts(['node api', 'customise', DEFAULT, QUIT]);
    expect(await guidedRun({ base, flags: {} }, midway)).toEqual({ cancelled: true });
    expect(midway.remaining()).toBe(0);
    expect(midway.calls.some((c) => c.message.startsWith('Paused'))).toBe(false);
    const esc = scriptedPrompts(['node api', 'customise', CANCEL, 'quit']);
    expect(await guidedRun({ base, flags: {} }, esc)).toEqual({ cancelled: true });
    expect(esc.calls.some((c) => c.message.startsWith('Paused'))).toBe(true);
  });

  it('asks for the new answers with the detected value as the default', async () => {
    const ui = scriptedPrompts(['customise', DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, 'yarn test --ci', 'master', CANCEL, 'finish', 'generate']);
    const outcome = await guidedRun({ base: { ...base, ...yarnRepo.answers }, flags: {}, goal: 'node api', detection: yarnRepo }, ui);
    expect(ui.calls.find((c) => c.message.startsWith('Package manager'))!.initial).toBe('yarn');
    expect(ui.calls.find((c) => c.message.startsWith('Test command'))!.initial).toBe('yarn test');
    expect(outcome).toMatchObject({ raw: { branch: 'master', app: { commands: { test: 'yarn test --ci' } } } });
  });
});
