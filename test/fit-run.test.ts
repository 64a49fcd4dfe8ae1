/**
 * The generated CI commands really run (issue 13, "Done when"): generated into a copy of a Node
 * fixture (test/fixtures/apps/node-npm-vendored), the CI workflow's install and test steps are
 * run there, as the runner would, and succeed. Its one dependency is a vendored package (a
 * `file:` dependency in package-lock.json), so `npm ci` needs no network, and npm is Node's own.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { readTree, runCli, tempDir } from './helpers/run-cli.js';

const APP = 'node-npm-vendored';
const scratch = tempDir('cds-run-');
afterAll(() => scratch.cleanup());

interface Workflow {
  jobs: Record<string, { steps: { name?: string; run?: string; uses?: string }[]; defaults?: { run?: { 'working-directory'?: string } } }>;
}

describe('the generated install and test commands run on a Node fixture', async () => {
  const dir = join(scratch.dir, APP);
  cpSync(join(import.meta.dirname, 'fixtures', 'apps', APP), dir, { recursive: true });
  const run = await runCli([APP, '--yes'], scratch.dir);
  const files = readTree(dir);
  const ci = load(files.get('.github/workflows/ci.yml') ?? '') as Workflow;
  const steps = Object.values(ci.jobs ?? {}).flatMap((j) => j.steps);

  it('generates, with CI running the fixture\'s own commands', () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(steps.map((s) => s.run)).toEqual(expect.arrayContaining(['npm ci', 'npm test']));
  });

  it('npm ci, then npm test, succeed where CI runs them (offline: the dependency is vendored)', () => {
    const env = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', CI: 'true' };
    for (const command of ['npm ci', 'npm test']) {
      const step = steps.find((s) => s.run === command)!;
      // The exit code is the assertion: execFileSync throws (with the output) when the command fails.
      const out = execFileSync('sh', ['-c', step.run!], { cwd: dir, env, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
      if (command === 'npm test') expect(out).toMatch(/# pass 1\b/);
    }
    expect(existsSync(join(dir, 'node_modules', 'money', 'index.js'))).toBe(true);
  }, 240_000);
});
