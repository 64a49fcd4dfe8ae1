/**
 * Issue 11, items 11, 12, 14 and 16: bad input gets a message, fast: exit 2, the field or file, a
 * bounded echo of the value, no stack trace, nothing written. Reserved names and invalid bucket
 * names are refused; a remote on another host is never taken for the GitHub repository.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { githubRepository, parseRemote, repositoryFromGitConfig } from '../src/config/detect-repository.js';
import { resolveAnswers } from '../src/config/load.js';
import { RESERVED } from '../src/config/reserved.js';
import schema from '../schemas/devops-stack.schema.json' with { type: 'json' };
import { InputError } from '../src/core/errors.js';
import { runCli, tempDir, type CliRun } from './helpers/run-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function scratch(): string {
  const { dir, cleanup } = tempDir('cds-input-');
  cleanups.push(cleanup);
  return dir;
}

const CLI = join(import.meta.dirname, '..', 'dist', 'cli.cjs');
const require = createRequire(import.meta.url);

/** A refusal as the issue asks for it: exit 2, a message that ends its line, no stack trace, bounded. */
function expectRefused(run: CliRun, message: RegExp): void {
  expect(run.code, run.stdout + run.stderr).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.length).toBeLessThan(4000);
}

/** Generates into a fresh stack directory from an answers file elsewhere; the stack must stay empty. */
async function withAnswers(text: string | Buffer, extra: string[] = []): Promise<{ run: CliRun; stack: string }> {
  const root = scratch();
  const stack = join(root, 'stack');
  writeFileSync(join(root, 'answers.yaml'), text);
  const run = await runCli([stack, '--yes', '--config', join(root, 'answers.yaml'), ...extra], root);
  return { run, stack };
}

function expectNothingWritten(stack: string): void {
  expect(existsSync(stack) ? readdirSync(stack) : []).toEqual([]);
}

describe('the answers file', () => {
  it('a directory: exit 2, no stack trace', async () => {
    const root = scratch();
    mkdirSync(join(root, 'answers'));
    expectRefused(await runCli([join(root, 's'), '--yes', '--config', join(root, 'answers')], root), /answers: is a directory/);
    expect(existsSync(join(root, 's'))).toBe(false);
  });

  it('a loop of symbolic links: exit 2', async () => {
    const root = scratch();
    symlinkSync(join(root, 'b'), join(root, 'a'));
    symlinkSync(join(root, 'a'), join(root, 'b'));
    expectRefused(await runCli([join(root, 's'), '--yes', '--config', join(root, 'a')], root), /loop of symbolic links/);
  });

  it('unreadable: exit 2', async () => {
    const root = scratch();
    const answers = join(root, 'answers.yaml');
    writeFileSync(answers, 'name: x\n');
    const args = [join(root, 's'), '--yes', '--config', answers];
    if (process.getuid?.() !== 0) {
      chmodSync(answers, 0);
      expectRefused(await runCli(args, root), /cannot be read: permission denied/);
      return;
    }
    // root reads anything: the refusal is injected into node:fs instead, for this file only.
    const fs = require('node:fs') as { openSync: (...a: unknown[]) => number };
    const original = fs.openSync;
    fs.openSync = (...a: unknown[]) => {
      if (a[0] === answers) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', syscall: 'open', path: answers });
      return original(...a);
    };
    syncBuiltinESMExports();
    try {
      expectRefused(await runCli(args, root), /cannot be read: permission denied/);
    } finally {
      fs.openSync = original;
      syncBuiltinESMExports();
    }
  });

  it('a FIFO: refused at once, never waited on (a real process, killed after 20 s if it blocks)', () => {
    const root = scratch();
    spawnSync('mkfifo', [join(root, 'fifo')]);
    const run = spawnSync(process.execPath, [CLI, join(root, 's'), '--yes', '--config', join(root, 'fifo')], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/fifo: is not a regular file/);
  });

  it('not UTF-8, or with NUL bytes: exit 2', async () => {
    const latin1 = await withAnswers(Buffer.from('name: caf\xe9\n', 'latin1'));
    expectRefused(latin1.run, /is not UTF-8 text/);
    expectNothingWritten(latin1.stack);
    const nul = await withAnswers('name: a\0b\n');
    expectRefused(nul.run, /answers\.yaml/);
    expectNothingWritten(nul.stack);
  });

  it('a self-referencing alias: exit 2, named', async () => {
    const { run, stack } = await withAnswers('name: x\nenvironments: &a [*a]\n');
    expectRefused(run, /refers to itself through an alias/);
    expectNothingWritten(stack);
  });

  it('an alias bomb of a few hundred bytes: refused at once, the message short', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const bomb = `${levels.join('\n')}\nname: *i\n`;
    expect(bomb.length).toBeLessThan(600);
    const { run, stack } = await withAnswers(bomb);
    expectRefused(run, /expands to more than 5000 values/);
    expectNothingWritten(stack);
  });

  it('an alias bomb that only bad values would echo: the message stays short', async () => {
    const levels = ['a: &a "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'];
    for (let i = 1; i < 7; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(6).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const { run } = await withAnswers(`${levels.join('\n')}\nenvironments: *g\n`);
    expect(run.code).toBe(2);
    expect(run.stderr.length).toBeLessThan(4000);
  });

  it('a 10 MB name: refused without being read, or echoed, in full', async () => {
    const { run, stack } = await withAnswers(`name: ${'a'.repeat(10 * 1024 * 1024)}\n`);
    expectRefused(run, /more than the 262144 create-devops-stack reads here/);
    expectNothingWritten(stack);
  });

  it('a 200 KB name inside the size bound: echoed cut short', async () => {
    const { run } = await withAnswers(`name: ${'a'.repeat(200_000)}\n`);
    expectRefused(run, /no answer is longer than 1024/);
    expect(run.stderr).toContain('characters in all');
  });

  it('a 100 KB migrate command: refused by the schema, at once', async () => {
    const { run, stack } = await withAnswers(`name: x\ntier: T3\nbackingServices: [postgres]\napp:\n  migrateCommand: ["${'m'.repeat(100_000)}"]\n`);
    expectRefused(run, /app\.migrateCommand\[0\]/);
    expectNothingWritten(stack);
  });

  it('__proto__ keys are refused, never merged into the answers', async () => {
    const top = await withAnswers('name: x\n__proto__:\n  tier: T3\n');
    expectRefused(top.run, /__proto__/);
    const nested = await withAnswers('name: x\nownership:\n  __proto__: user\n');
    expectRefused(nested.run, /__proto__/);
  });

  it('keys with / and ~ are shown as they are written, with their value', async () => {
    const { run } = await withAnswers('name: x\n"a/b~c": 1\nownership:\n  "docs/devops/": owner\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('["a/b~c"]: unknown field (value 1)');
    expect(run.stderr).toContain('ownership["docs/devops/"]: "owner" is not supported');
    expect(run.stderr).not.toMatch(/a\.b~c|value undefined/);
  });
});

describe('the command line', () => {
  it('--config \'\' is an error, not the default file', async () => {
    const root = scratch();
    expectRefused(await runCli([join(root, 's'), '--yes', '--config', ''], root), /Invalid command line; nothing was written:\n {2}✖ --config: is empty/);
    expect(existsSync(join(root, 's'))).toBe(false);
  });

  it('a flag error is titled for the command line, a lock error for the lock; check never says nothing was written', async () => {
    const root = scratch();
    expectRefused(await runCli(['--bogus'], root), /^Invalid command line; nothing was written:/);
    const stack = join(root, 's');
    expect((await runCli([stack, '--yes'], root)).code).toBe(0);
    writeFileSync(join(stack, 'devops-stack.lock.json'), '{');
    expectRefused(await runCli([stack, '--yes'], root), /^Invalid devops-stack\.lock\.json; nothing was written:/);
    const check = await runCli(['check', stack], root);
    expectRefused(check, /^Cannot check:\n {2}✖ .*devops-stack\.lock\.json: is not valid JSON/);
    expect(check.stderr).not.toContain('nothing was written');
    expectRefused(await runCli(['check', join(root, 'nowhere')], root), /^Invalid command line:/);
  });

  it('check --sarif into a missing directory: exit 2 naming the flag', async () => {
    const root = scratch();
    const stack = join(root, 's');
    expect((await runCli([stack, '--yes'], root)).code).toBe(0);
    expectRefused(await runCli(['check', stack, '--sarif', join(root, 'missing', 'x.sarif')], root), /--sarif: cannot write .* the directory .* does not exist/);
  });
});

describe('the stack on disk', () => {
  it('a directory where a generated file goes: exit 2, nothing written', async () => {
    const root = scratch();
    const stack = join(root, 's');
    mkdirSync(join(stack, '.github', 'workflows', 'ci.yml'), { recursive: true });
    expectRefused(await runCli([stack, '--yes'], root), /ci\.yml: is a directory, where create-devops-stack writes a file/);
    expect(readdirSync(stack)).toEqual(['.github']);
  });

  it('a file where a directory must be: exit 2, nothing written', async () => {
    const root = scratch();
    const stack = join(root, 's');
    mkdirSync(stack);
    writeFileSync(join(stack, 'deploy'), 'not a directory\n');
    expectRefused(await runCli([stack, '--yes'], root), /deploy: is a file, where create-devops-stack needs a directory/);
    expect(readdirSync(stack)).toEqual(['deploy']);
  });
});

describe('check\'s remedies', () => {
  it('a missing managed file: generate writes it back (upgrade keeps deleted files deleted)', async () => {
    const root = scratch();
    const stack = join(root, 's');
    expect((await runCli([stack, '--yes'], root)).code).toBe(0);
    rmSync(join(stack, 'deploy/k8s/pdb.yaml'));
    const check = await runCli(['check', stack, '--json'], root);
    expect(check.code).toBe(1);
    const finding = (JSON.parse(check.stdout) as { findings: { ruleId: string; remedy: string }[] }).findings.find((f) => f.ruleId === 'drift/missing')!;
    expect(finding.remedy).toContain('create-devops-stack --yes');
    expect(finding.remedy).not.toMatch(/upgrade to restore/);
    expect((await runCli([stack, '--yes'], root)).code).toBe(0);
    expect((await runCli(['check', stack], root)).code).toBe(0);
  });
});

describe('reserved and invalid names', () => {
  const refused = (raw: Record<string, unknown>): string => {
    try {
      resolveAnswers(raw);
    } catch (error) {
      if (error instanceof InputError) return error.problems.map((p) => `${p.where}: ${p.message}`).join('\n');
      throw error;
    }
    return '';
  };

  it.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'kube-anything'])('the name %s (the namespace Kubernetes reserves) is refused', async (name) => {
    expect(refused({ name })).toMatch(/^name: ".*" cannot be used: .*(default|kube-)/);
    const root = scratch();
    expectRefused(await runCli([join(root, 's'), '--yes', '--name', name], root), /cannot be used/);
    expect(existsSync(join(root, 's'))).toBe(false);
  });

  it.each(['a..b', '192.168.5.4', 'xn--bucket', 'sthree-state', 'amzn-s3-demo-x', 'state-s3alias', 'state--ol-s3', 'state.mrap', 'state--x-s3', 'state--table-s3'])('the state bucket %s is refused', (stateBucket) => {
    expect(refused({ name: 'shop', stateBucket })).toMatch(/^stateBucket: ".*" cannot be used: S3/);
  });

  it('a name that makes an invalid default bucket is refused, naming the bucket', () => {
    expect(refused({ name: 'xn--shop' })).toMatch(/stateBucket: "xn--shop-tfstate-[0-9a-f]{8}" \(made from name "xn--shop"\) cannot be used/);
  });

  it('valid names and buckets still pass', () => {
    expect(refused({ name: 'kubernetes-dashboard', stateBucket: 'my.state-bucket.1' })).toBe('');
    expect(refused({ name: 'defaults' })).toBe('');
  });

  it('the schema refuses exactly what the code explains (editors flag the same values)', () => {
    const properties = schema.properties as unknown as Record<string, { not?: { anyOf: { pattern: string }[] } }>;
    for (const [field, rules] of Object.entries(RESERVED)) {
      expect(properties[field]?.not?.anyOf.map((p) => p.pattern), field).toEqual(rules.map((r) => r.pattern.source));
    }
  });
});

describe('the git remote', () => {
  it.each([
    ['https://github.com/acme/shop.git', 'acme/shop'],
    ['git@github.com:acme/shop.git', 'acme/shop'],
    ['ssh://git@github.com/acme/shop', 'acme/shop'],
    ['ssh://git@ssh.github.com:443/acme/shop.git', 'acme/shop'],
    ['https://user:token@github.com/acme/shop.git', 'acme/shop'],
    ['https://GitHub.com/acme/shop/', 'acme/shop'],
    ['https://evilgithub.com/attacker/x.git', undefined],
    ['git@evilgithub.com:attacker/x.git', undefined],
    ['https://github.com.evil.example/attacker/x.git', undefined],
    ['https://evil.example/github.com/attacker/x.git', undefined],
    ['https://gitlab.com/acme/shop.git', undefined],
    ['https://github.com/acme/shop/extra.git', undefined],
    ['/srv/git/github.com:acme/shop.git', undefined],
  ])('%s → %s', (url, repository) => {
    expect(githubRepository(url)).toBe(repository);
    expect(repositoryFromGitConfig(`[remote "origin"]\n\turl = ${url}\n`)).toBe(repository);
  });

  it('parses the host apart from the path, so other CI hosts can be added by name', () => {
    expect(parseRemote('git@gitlab.example.com:group/sub/project.git')).toEqual({ host: 'gitlab.example.com', path: 'group/sub/project' });
    expect(parseRemote('https://gitlab.com/group/project')).toEqual({ host: 'gitlab.com', path: 'group/project' });
  });
});
