/**
 * A GitLab CI stack through its whole life, as a user runs it: generate, check (clean, then a hand
 * edit that breaks a rule), and upgrade (a hand edit kept while a changed answer is applied).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/run-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const PIPELINE = '.gitlab-ci.yml';
const git = (dir: string, ...args: string[]): string => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
const edit = (dir: string, path: string, change: (t: string) => string): void => writeFileSync(join(dir, path), change(read(dir, path)));

interface CheckJson {
  ok: boolean;
  findings: { ruleId: string; files: string[] }[];
  files: { path: string; status: string }[];
}

async function generatedRepo(): Promise<string> {
  const { dir: cwd, cleanup } = tempDir('cds-gitlab-');
  cleanups.push(cleanup);
  const dir = join(cwd, 'shop-api');
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  const run = await runCli([dir, '--yes', '--ci', 'gitlab-ci', '--tier', 'T2', '--strategy', 'canary', '--repository', 'acme/platform/shop-api'], cwd);
  expect(run.code, run.stderr).toBe(0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'generate');
  return dir;
}

describe('a GitLab CI stack: check and upgrade', () => {
  it('checks clean after generation, and names the rule and both files when a hand edit breaks it', async () => {
    const dir = await generatedRepo();
    const clean = await runCli(['check', dir, '--json'], dir);
    const report = JSON.parse(clean.stdout) as CheckJson;
    expect(clean.code, clean.stdout).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.files.find((f) => f.path === PIPELINE)?.status).toBe('clean');

    edit(dir, PIPELINE, (t) => t.replaceAll('set image "shop-api=', 'set image "shop-web='));
    const broken = await runCli(['check', dir, '--json'], dir);
    expect(broken.code).toBe(1);
    const findings = (JSON.parse(broken.stdout) as CheckJson).findings;
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'drift/user-modified', files: [PIPELINE] }));
    expect(findings.find((f) => f.ruleId === 'consistency/image-pushed-is-pulled')?.files).toContain(PIPELINE);
  });

  it('upgrade keeps a hand edit of .gitlab-ci.yml and applies a changed answer to it', async () => {
    const dir = await generatedRepo();
    const asked = 'manual_confirmation: Deploy $CI_COMMIT_SHORT_SHA to prod?';
    expect(read(dir, PIPELINE)).toContain(asked);
    edit(dir, PIPELINE, (t) => t.replace(asked, 'manual_confirmation: Ship $CI_COMMIT_SHORT_SHA to production?'));
    edit(dir, 'devops-stack.yaml', (t) => t.replace('region: us-east-1', 'region: eu-west-1'));
    git(dir, 'commit', '-q', '-am', 'hand edit and a new region');
    const run = await runCli(['upgrade', dir, '--json'], dir);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const upgraded = JSON.parse(run.stdout) as { files: { path: string; action: string }[]; conflicts: string[] };
    expect(upgraded.conflicts).toEqual([]);
    expect(upgraded.files.find((f) => f.path === PIPELINE)?.action).toBe('merged');
    const pipeline = read(dir, PIPELINE);
    expect(pipeline).toContain('manual_confirmation: Ship $CI_COMMIT_SHORT_SHA to production?');
    expect(pipeline).toContain('export AWS_REGION=eu-west-1');
    expect(pipeline).not.toContain('us-east-1');
    const after = await runCli(['check', dir, '--json'], dir);
    expect((JSON.parse(after.stdout) as CheckJson).findings.filter((f) => f.ruleId.startsWith('consistency/'))).toEqual([]);
  });
});
