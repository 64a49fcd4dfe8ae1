/**
 * Issue 11, items 1–3: nothing is written, renamed, created or deleted outside the stack's
 * directory (or, below a git repository root, outside that root's .github/workflows/), links are
 * never followed, and removals touch only paths this generator produces.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitBlobId } from '../src/lock/blob.js';
import { sha256 } from '../src/core/hash.js';
import { LOCK_PATH, parseLock, serializeLock } from '../src/lock/lock.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function scratch(): string {
  const { dir, cleanup } = tempDir('cds-escape-');
  cleanups.push(cleanup);
  return dir;
}

const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
function gitInit(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

/** Every path below dir, links included (not followed), sorted. */
function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      out.push(path);
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) walk(path);
    }
  };
  walk('');
  return out;
}

const STACK_TRACE = /\n\s+at /;

describe('symbolic links in the stack are refused, never followed', () => {
  it.each(['.github', 'deploy', 'scripts', 'infra/terraform'])('a linked %s: exit 2 naming the link, nothing written anywhere', async (linked) => {
    const root = scratch();
    const stack = join(root, 's');
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(join(stack, linked, '..'), { recursive: true });
    symlinkSync(elsewhere, join(stack, linked));
    const before = listing(stack);
    const run = await runCli([stack, '--yes'], root);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toContain(`${linked}`);
    expect(run.stderr).toMatch(/symbolic link/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(listing(elsewhere)).toEqual([]);
    expect(listing(stack)).toEqual(before);
  });

  it('--force does not get past a link, and an existing file behind it is untouched', async () => {
    const root = scratch();
    const stack = join(root, 's');
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(join(elsewhere, 'workflows'), { recursive: true });
    writeFileSync(join(elsewhere, 'workflows', 'ci.yml'), 'theirs\n');
    mkdirSync(stack);
    symlinkSync(elsewhere, join(stack, '.github'));
    const run = await runCli([stack, '--yes', '--force'], root);
    expect(run.code).toBe(2);
    expect(readFileSync(join(elsewhere, 'workflows', 'ci.yml'), 'utf8')).toBe('theirs\n');
    expect(listing(elsewhere)).toEqual(['workflows', 'workflows/ci.yml']);
  });

  it('a linked file is not replaced, even with --force', async () => {
    const root = scratch();
    const stack = join(root, 's');
    // A file only we write (an existing ci.yml would be the user's own workflow, kept beside ours).
    mkdirSync(join(stack, 'deploy'), { recursive: true });
    writeFileSync(join(root, 'outside.yml'), 'keep\n');
    symlinkSync(join(root, 'outside.yml'), join(stack, 'deploy', 'rollback.sh'));
    const run = await runCli([stack, '--yes', '--force'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/rollback\.sh: is a symbolic link/);
    expect(readFileSync(join(root, 'outside.yml'), 'utf8')).toBe('keep\n');
    expect(lstatSync(join(stack, 'deploy', 'rollback.sh')).isSymbolicLink()).toBe(true);
  });

  it('a linked file the user owns (an adopted Makefile) is left alone, not an error', async () => {
    const root = scratch();
    const stack = join(root, 's');
    mkdirSync(stack);
    writeFileSync(join(root, 'Makefile.shared'), 'all:\n');
    symlinkSync(join(root, 'Makefile.shared'), join(stack, 'Makefile'));
    const run = await runCli([stack, '--yes'], root);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(root, 'Makefile.shared'), 'utf8')).toBe('all:\n');
    expect(lstatSync(join(stack, 'Makefile')).isSymbolicLink()).toBe(true);
  });

  it('check refuses a stack whose files are reached through a link instead of reporting it clean', async () => {
    const root = scratch();
    const stack = join(root, 's');
    mkdirSync(stack);
    expect((await runCli([stack, '--yes'], root)).code).toBe(0);
    // Move .github elsewhere and link it back: the same bytes, now outside the stack.
    const elsewhere = join(root, 'elsewhere');
    execFileSync('mv', [join(stack, '.github'), elsewhere]);
    symlinkSync(elsewhere, join(stack, '.github'));
    for (const args of [['check', stack], ['check', stack, '--full']]) {
      const run = await runCli(args, root);
      expect(run.code, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toMatch(/\.github.*symbolic link/);
    }
  });
});

describe('a stack below a repository root writes only to a verified root\'s .github/workflows/', () => {
  it('directory: without git at the named root: exit 2, nothing written above the stack', async () => {
    const root = scratch();
    const stack = join(root, 'n', 'home', 'proj');
    mkdirSync(stack, { recursive: true });
    writeFileSync(join(stack, 'devops-stack.yaml'), 'name: proj\ndirectory: home/proj\n');
    const run = await runCli([stack, '--yes'], root);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(/not a git repository/);
    expect(existsSync(join(root, 'n', '.github'))).toBe(false);
    expect(listing(stack)).toEqual(['devops-stack.yaml']);
  });

  it('a linked .github/workflows at the repository root is refused', async () => {
    const root = scratch();
    const repo = join(root, 'repo');
    mkdirSync(join(repo, 'services', 'api'), { recursive: true });
    gitInit(repo);
    mkdirSync(join(repo, '.github'));
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(root, 'elsewhere'), join(repo, '.github', 'workflows'));
    const run = await runCli(['services/api', '--yes'], repo);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(/workflows.*symbolic link/);
    expect(listing(join(root, 'elsewhere'))).toEqual([]);
    expect(listing(join(repo, 'services', 'api'))).toEqual([]);
  });

  it('a stack directory reached through a link from the repository root is refused', async () => {
    const root = scratch();
    const repo = join(root, 'repo');
    mkdirSync(repo);
    gitInit(repo);
    mkdirSync(join(root, 'real-api'));
    symlinkSync(join(root, 'real-api'), join(repo, 'api'));
    writeFileSync(join(root, 'real-api', 'devops-stack.yaml'), 'name: api\ndirectory: api\n');
    const run = await runCli(['api', '--yes', '--force'], repo);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(/symbolic link/);
    expect(existsSync(join(repo, '.github'))).toBe(false);
  });
});

describe('removals touch only paths this generator produces', () => {
  async function generated(): Promise<{ root: string; stack: string }> {
    const root = scratch();
    const stack = join(root, 's');
    mkdirSync(join(stack, 'src'), { recursive: true });
    expect((await runCli([stack, '--yes'], root)).code).toBe(0);
    return { root, stack };
  }

  function addToLock(stack: string, path: string, content: string): void {
    const lock = parseLock(readFileSync(join(stack, LOCK_PATH), 'utf8'));
    lock.files[path] = { mode: 'managed', sha256: sha256(content), base: gitBlobId(content) };
    writeFileSync(join(stack, LOCK_PATH), serializeLock(lock));
  }

  it('a lock entry naming the user\'s source file never deletes it', async () => {
    const { root, stack } = await generated();
    writeFileSync(join(stack, 'src', 'app.js'), 'console.log(1);\n');
    addToLock(stack, 'src/app.js', 'console.log(1);\n');
    const run = await runCli([stack, '--yes'], root);
    expect(run.stdout).not.toMatch(/Removed/);
    expect(readFileSync(join(stack, 'src', 'app.js'), 'utf8')).toBe('console.log(1);\n');
  });

  it('in a monorepo, a lock entry naming the root\'s CODEOWNERS never deletes it', async () => {
    const root = scratch();
    const repo = join(root, 'repo');
    mkdirSync(join(repo, 'services', 'api'), { recursive: true });
    gitInit(repo);
    expect((await runCli(['services/api', '--yes'], repo)).code).toBe(0);
    writeFileSync(join(repo, '.github', 'CODEOWNERS'), '* @acme\n');
    addToLock(join(repo, 'services', 'api'), '../../.github/CODEOWNERS', '* @acme\n');
    await runCli(['services/api', '--yes'], repo);
    expect(readFileSync(join(repo, '.github', 'CODEOWNERS'), 'utf8')).toBe('* @acme\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'x');
    await runCli(['upgrade', 'services/api'], repo);
    expect(readFileSync(join(repo, '.github', 'CODEOWNERS'), 'utf8')).toBe('* @acme\n');
  });

  it('upgrade does not delete a file the lock merely names', async () => {
    const root = scratch();
    const stack = join(root, 's');
    mkdirSync(join(stack, 'src'), { recursive: true });
    gitInit(stack);
    expect((await runCli([stack, '--yes'], root)).code).toBe(0);
    writeFileSync(join(stack, 'src', 'app.js'), 'console.log(1);\n');
    addToLock(stack, 'src/app.js', 'console.log(1);\n');
    git(stack, 'add', '-A');
    git(stack, 'commit', '-q', '-m', 'x');
    await runCli(['upgrade', stack], root);
    expect(readFileSync(join(stack, 'src', 'app.js'), 'utf8')).toBe('console.log(1);\n');
  });
});
