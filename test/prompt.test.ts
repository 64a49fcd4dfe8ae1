import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { CANCEL } from '../src/prompt/adapter.js';
import { guidedRun } from '../src/prompt/flow.js';
import { leaveOutOptions } from '../src/prompt/leave-out.js';
import { warningsFor } from '../src/prompt/warnings.js';
import { withDefaults } from '../src/config/defaults.js';
import { inferGoal } from '../src/goal/infer.js';
import { runCli, tempDir } from './helpers/run-cli.js';
import { DEFAULT, scriptedPrompts } from './helpers/scripted-prompts.js';

const base = { name: 'shop-api', repository: 'acme/shop-api' };

describe('guided run (scripted prompts)', () => {
  it('confirms the chain detected from a typed goal', async () => {
    const ui = scriptedPrompts(['python API on EKS with canary releases and SLO alerts', 'confirm', 'generate']);
    const outcome = await guidedRun({ base, flags: {} }, ui);
    expect(outcome).toMatchObject({ raw: { ...base, stack: 'python', cloud: 'aws', target: 'kubernetes', strategy: 'canary', tier: 'T2' } });
    const chain = ui.log.find((l) => l.startsWith('note Detected chain'))!;
    expect(chain).toContain('1. CI/CD');
    expect(chain).toContain('"python" → stack python');
    expect(chain).toContain('4. Deployment');
    expect(chain).toContain('"canary" → strategy canary, tier T2');
    expect(ui.remaining()).toBe(0);
  });

  it('customises one answer, goes back once, finishes early with defaults for the rest', async () => {
    const ui = scriptedPrompts([
      '', // no goal
      'customise',
      DEFAULT, // 1 name: keep shop-api
      DEFAULT, // 2 tier: keep T1
      CANCEL, // 3 stack: Esc …
      'back', // … back to the tier question
      'T1', // 2 tier again
      'go', // 3 stack: the one answer changed
      CANCEL, // 4 …
      'finish', // … defaults for the rest
      'generate', // the review screen
    ]);
    const outcome = await guidedRun({ base, flags: {} }, ui);
    expect(outcome).toEqual({ raw: { ...base, tier: 'T1', stack: 'go', repository: 'acme/shop-api' } });
    const questions = ui.calls.filter((c) => /\(\d+ of \d+/.test(c.message)).map((c) => /\((\d+) of (\d+)/.exec(c.message)!.slice(1, 3).join('/'));
    expect(questions[0]).toMatch(/^1\/\d+$/);
    expect(questions.map((q) => q.split('/')[0])).toEqual(['1', '2', '3', '2', '3', '4']);
    // every question says why it is asked, on its second line
    expect(ui.calls.find((c) => c.message.startsWith('Language'))!.message.split('\n')[1]).toContain('Dockerfile');
    expect(ui.calls.find((c) => c.message.startsWith('Paused'))!.choices).toEqual(['back', 'finish', 'restart', 'quit']);
  });

  it('takes each default from the goal and earlier answers', async () => {
    const ui = scriptedPrompts(['go service with blue-green deploys', 'customise', DEFAULT, DEFAULT, DEFAULT, CANCEL, 'finish', 'generate']);
    await guidedRun({ base, flags: {} }, ui);
    expect(ui.calls.find((c) => c.message.startsWith('How much'))!.initial).toBe('T2');
    expect(ui.calls.find((c) => c.message.startsWith('Language'))!.initial).toBe('go');
  });

  it('shows what the goal asked for that is not supported, with the alternative, in the chain', async () => {
    const ui = scriptedPrompts(['python on Hetzner', 'confirm', 'generate']);
    await guidedRun({ base, flags: {} }, ui);
    expect(ui.log.find((l) => l.startsWith('note Detected chain'))).toContain('"hetzner" ✖ not supported yet (cloud: aws, gcp, azure)');
    expect(ui.log).toContain('warn cloud: "hetzner" is not supported for cloud yet; supported: aws, gcp, azure');
  });

  it('starts over from the goal', async () => {
    const ui = scriptedPrompts(['java app', 'restart', 'node app', 'confirm', 'generate']);
    expect(await guidedRun({ base, flags: {} }, ui)).toMatchObject({ raw: { stack: 'node' } });
    expect(ui.calls.filter((c) => c.message.startsWith('What are you building')).map((c) => c.initial)).toEqual(['', 'java app']);
  });

  it('does not ask what a flag answered, and re-asks a flag whose value is invalid', async () => {
    const ui = scriptedPrompts(['python', 'customise', CANCEL, 'finish', 'generate']);
    const outcome = await guidedRun({ base, flags: { stack: 'ruby', tier: 'T2' }, goal: 'api' }, ui);
    expect(ui.log.some((l) => l.startsWith('warn --stack ruby: "ruby" is not supported'))).toBe(true);
    expect(outcome).toMatchObject({ raw: { stack: 'python', tier: 'T2' } });
    expect(ui.calls.some((c) => c.message.startsWith('How much'))).toBe(false);
  });

  it('re-asks an invalid value from the answers file too', async () => {
    const ui = scriptedPrompts(['8080', 'confirm', 'generate']);
    const outcome = await guidedRun({ base: { ...base, app: { port: 80 } }, flags: {}, goal: 'node' }, ui);
    expect(ui.log.find((l) => l.startsWith('warn devops-stack.yaml: app.port: 80'))).toBeDefined();
    expect(outcome).toMatchObject({ raw: { app: { port: 8080 } } });
  });

  it('offers the options of a blocking warning and applies the one chosen', async () => {
    const ui = scriptedPrompts(['confirm', '0', 'generate']);
    const outcome = await guidedRun({ base, flags: { tier: 'T1' }, goal: 'canary releases' }, ui);
    expect(ui.calls.at(-2)!.message).toContain('strategy: canary promotes or rolls back');
    expect(outcome).toMatchObject({ raw: { tier: 'T2', strategy: 'canary', environments: ['dev', 'staging', 'prod'] } });
  });

  it('quits without answers on Esc at the goal', async () => {
    const ui = scriptedPrompts([CANCEL]);
    expect(await guidedRun({ base, flags: {} }, ui)).toEqual({ cancelled: true });
    expect(ui.log).toContain('cancel Nothing was written.');
  });
});

describe('warnings before writing', () => {
  it('names conflicts with the options that resolve them, as flags', () => {
    const warnings = warningsFor(withDefaults({ tier: 'T1', strategy: 'canary', environments: ['dev', 'prod'] }));
    expect(warnings.map((w) => [w.id, w.blocking])).toEqual([
      ['progressive-needs-metrics', true],
      ['t1-one-environment', true],
    ]);
    expect(warnings[0]!.options.map((o) => o.flag)).toEqual(['--tier T2', '--strategy rolling']);
  });

  it('reports a goal that rules out a step the others need, and unsupported requests with alternatives', () => {
    const goal = inferGoal('python on Hetzner without terraform, SLO alerts');
    const ids = warningsFor(withDefaults({ stack: 'python' }), { goal }).map((w) => w.id);
    expect(ids).toEqual(['observability-needs-t2', 'negated-iac', 'unsupported-cloud']);
  });
});

describe('leaving a step out', () => {
  it('allows CI/CD and observability, but not observability under canary analysis, nor IaC or deployment', () => {
    const possible = (a: Parameters<typeof withDefaults>[0]) => leaveOutOptions(withDefaults(a)).filter((o) => o.possible).map((o) => o.step);
    expect(possible({})).toEqual(['cicd', 'observability']);
    expect(possible({ tier: 'T2', strategy: 'canary' })).toEqual(['cicd']);
  });
});

describe('the CLI', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  function workspace(): string {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    return dir;
  }
  const cli = join(process.cwd(), 'dist', 'cli.cjs');
  beforeAll(() => {
    if (!existsSync(cli)) execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  });

  it('writes the answers chosen in the guided run', async () => {
    const cwd = workspace();
    const ui = scriptedPrompts(['simple python service', 'customise', DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, 'acme/orders', CANCEL, 'back', DEFAULT, DEFAULT, DEFAULT, 'us-west-2', CANCEL, 'finish', 'generate']);
    let stdout = '';
    const code = await main(['orders'], { stdout: (t) => void (stdout += t), stderr: () => undefined, isTTY: true, cwd, env: { NO_COLOR: '1' }, prompts: async () => ui });
    expect(stdout).toContain('Next steps');
    expect(code).toBe(0);
    const answers = readFileSync(join(cwd, 'orders', 'devops-stack.yaml'), 'utf8');
    expect(answers).toMatch(/^stack: python$/m);
    expect(answers).toMatch(/^repository: acme\/orders$/m);
    expect(answers).toMatch(/^region: us-west-2$/m);
    expect(stdout).toContain('Completeness 100%');
  });

  it('reports goal matches, warnings and completeness in --json, without prompting', async () => {
    const run = await runCli(['svc', '--json', '--goal', 'simple python service on Hetzner', '--dry-run'], workspace());
    const report = JSON.parse(run.stdout) as { goal: { matches: unknown[] }; warnings: { id: string; options: { flag: string }[] }[]; completeness: { percent: number } };
    expect(report.warnings.map((w) => w.id)).toEqual(['unsupported-cloud']);
    expect(report.goal.matches).toContainEqual({ text: 'python', step: 'cicd', sets: ['stack python'] });
    expect(report.completeness.percent).toBe(100);
  });

  it('exits 2 on an invalid flag value without a TTY, naming the field', async () => {
    const run = await runCli(['svc', '--port', 'eighty', '--goal', 'python'], workspace());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('app.port: "eighty" must be integer');
  });

  it('never waits for input when stdin is not a TTY, even if it stays open', async () => {
    const cwd = workspace();
    const child = spawn('node', [cli, 'svc', '--dry-run'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => (child.kill(), done(-1)), 20_000);
      child.on('exit', (c) => (clearTimeout(timer), done(c)));
    });
    expect(code).not.toBe(-1);
    expect(out).not.toContain('What are you building');
  });

  it('runs the guided flow on a real terminal (pseudo-terminal smoke test)', async () => {
    const cwd = workspace();
    const command = `stty cols 100 rows 40; node ${JSON.stringify(cli)} svc --dry-run`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const keys: [string, string][] = [
      ['What are you building', 'simple go service\r'],
      ['Generate this stack?', '\r'],
      ['Generate with these answers?', '\r'],
    ];
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const next = keys[0];
      if (next && out.includes(next[0])) {
        keys.shift();
        setTimeout(() => child.stdin.write(next[1]), 150);
      }
    });
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => (child.kill(), done(-1)), 30_000);
      child.on('exit', (c) => (clearTimeout(timer), done(c)));
    });
    expect(code).not.toBe(-1);
    expect(out).toContain('"go" → stack go');
    expect(out).toContain('Answers complete: generating');
    expect(out).toContain('step 1 of 4: CI/CD pipeline');
  }, 40_000);
});
