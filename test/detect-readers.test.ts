/**
 * The small readers detection is built on (TOML, pom.xml, version ranges, command words,
 * .env.example, git's files) and its limits: bounded reads, no symbolic links followed, a broken
 * file reported rather than fatal, our own generated files never read back.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../src/core/hash.js';
import { detectExisting } from '../src/detect/index.js';
import { readPom } from '../src/detect/java/pom.js';
import { LIMITS, Repo } from '../src/detect/repo.js';
import { detectBranch } from '../src/detect/repository/branch.js';
import { parseEnvExample } from '../src/detect/settings.js';
import { splitCommand } from '../src/detect/shell-words.js';
import { readToml } from '../src/detect/toml.js';
import { versionInRange } from '../src/detect/versions.js';
import { tempDir } from './helpers/run-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function repo(files: Record<string, string>): string {
  const { dir, cleanup } = tempDir('cds-read-');
  cleanups.push(cleanup);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('version ranges', () => {
  it.each([
    ['>=18', '22', 1, '22'],
    ['^18', '22', 1, '18'],
    ['18.x', '22', 1, '18'],
    ['>=16 <21', '22', 1, '20'],
    ['^20.11', '22', 1, '20'],
    ['18 || 20', '22', 1, '20'],
    ['>=3.9', '3.13', 2, '3.13'],
    ['>=3.8,<3.12', '3.13', 2, '3.11'],
    ['==3.11.*', '3.13', 2, '3.11'],
    ['~3.10', '3.13', 2, '3.10'],
  ] as const)('%s with default %s → %s', (range, fallback, precision, expected) => {
    expect(versionInRange(range, fallback, precision)?.version).toBe(expected);
  });

  it('gives nothing for what it cannot read, rather than a guess', () => {
    expect(versionInRange('lts/*', '22', 1)).toBeUndefined();
  });
});

describe('TOML, pom.xml and command words', () => {
  it('reads tables, quoted keys, multi-line arrays and inline tables', () => {
    const t = readToml(`[project]\nname = "svc" # the name\ndependencies = [\n  "fastapi>=0.110",\n  "uvicorn[standard]",\n]\n\n[tool.poetry.dependencies]\npython = "^3.11"\n"django-environ" = { version = "*", optional = true }\n`);
    expect(t.get('project')).toEqual({ name: 'svc', dependencies: ['fastapi>=0.110', 'uvicorn[standard]'] });
    expect(t.get('tool.poetry.dependencies')).toEqual({ python: '^3.11', 'django-environ': { version: '*', optional: true } });
  });

  it("reads the project's own coordinates, not its parent's or a managed dependency's", () => {
    const pom = readPom(`<project><parent><artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>
      <artifactId>payments</artifactId><version>1.0</version><properties><java.version>21</java.version></properties>
      <dependencyManagement><dependencies><dependency><groupId>x</groupId><artifactId>managed</artifactId></dependency></dependencies></dependencyManagement>
      <dependencies><!-- <dependency><groupId>c</groupId><artifactId>commented</artifactId></dependency> -->
      <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency></dependencies></project>`);
    expect(pom).toMatchObject({ artifactId: 'payments', version: '1.0', properties: { 'java.version': '21' } });
    expect(pom.dependencies.map((d) => d.artifactId)).toEqual(['postgresql']);
  });

  it('splits plain commands, and refuses what needs a shell', () => {
    expect(splitCommand(`node --enable-source-maps "dist/main.js"`)).toEqual(['node', '--enable-source-maps', 'dist/main.js']);
    expect(splitCommand('node a.js && node b.js')).toBeUndefined();
    expect(splitCommand('PORT=3000 node a.js')).toBeUndefined();
    expect(splitCommand('gunicorn app:app -b 0.0.0.0:$PORT')).toBeUndefined();
  });

  it('reads .env.example with its comments, and marks secrets by name or by credentials in a URL', () => {
    expect(parseEnvExample('# Stripe\nSTRIPE_API_KEY=\nexport CACHE_URL=redis://:pw@cache:6379 # the cache\nPORT=3000\nFEATURE_X=on\n')).toEqual([
      { name: 'STRIPE_API_KEY', secret: true, description: 'Stripe' },
      { name: 'CACHE_URL', secret: true, description: 'the cache' },
      { name: 'FEATURE_X', secret: false },
    ]);
  });
});

describe('git files, read without git', () => {
  it('follows a worktree to its git directory and its common directory', () => {
    const dir = repo({
      'main/.git/refs/remotes/origin/HEAD': 'ref: refs/remotes/origin/develop\n',
      'main/.git/worktrees/wt/HEAD': 'ref: refs/heads/feature\n',
      'main/.git/worktrees/wt/commondir': '../..\n',
    });
    mkdirSync(join(dir, 'wt'));
    writeFileSync(join(dir, 'wt', '.git'), `gitdir: ${join(dir, 'main/.git/worktrees/wt')}\n`);
    expect(detectBranch(join(dir, 'wt'), join(dir, 'wt'))[0]).toMatchObject({ field: 'branch', value: 'develop' });
  });

  it("takes origin's only main or master from packed-refs when origin/HEAD is missing", () => {
    const dir = repo({ '.git/HEAD': 'ref: refs/heads/topic\n', '.git/packed-refs': '# pack-refs with: peeled\nabc123 refs/remotes/origin/master\n' });
    expect(detectBranch(dir, dir)[0]).toMatchObject({ value: 'master', reason: 'origin has master (no origin/HEAD)' });
  });
});

describe('limits and tolerance', () => {
  it('reads at most LIMITS.fileBytes of a file, and walks at most LIMITS.sourceFiles sources', () => {
    const files: Record<string, string> = { 'big.js': 'x'.repeat(LIMITS.fileBytes * 2) };
    for (let i = 0; i < LIMITS.sourceFiles + 5; i++) files[`src/f${String(i).padStart(3, '0')}.js`] = '';
    const r = new Repo(repo(files));
    expect(r.read('big.js')!.length).toBe(LIMITS.fileBytes);
    const sources = r.sources(['.js']);
    expect(sources.files.length).toBe(LIMITS.sourceFiles);
    expect(sources.complete).toBe(false);
  });

  it('says nothing is served only when every source was read: a capped walk leaves the default', () => {
    const files: Record<string, string> = { 'package.json': '{"name":"big","dependencies":{"express":"4"}}' };
    for (let i = 0; i < LIMITS.sourceFiles + 1; i++) files[`src/f${String(i).padStart(3, '0')}.js`] = '';
    const detection = detectExisting(repo(files));
    expect(detection.detected.some((d) => d.field === 'app.healthPath')).toBe(false);
  });

  it('does not follow symbolic links out of the repository', () => {
    const outside = repo({ 'secret/routes.js': "app.get('/healthz', ok)" });
    const dir = repo({ 'package.json': '{"name":"svc"}', 'src/index.js': 'module.exports = {}' });
    symlinkSync(join(outside, 'secret'), join(dir, 'src', 'linked'));
    const detection = detectExisting(dir);
    expect(detection.answers['app']).toMatchObject({ healthPath: 'none' });
  });

  it('reports a file it cannot make sense of and goes on', () => {
    const detection = detectExisting(repo({ 'package.json': '{ not json', 'Dockerfile': 'FROM node:22\nEXPOSE 3000\n' }));
    expect(detection.answers).toMatchObject({ stack: 'node', app: { port: 3000 } });
  });

  it('never reads back a file we generated and nobody changed (the lock has its sha256)', () => {
    const env = 'POSTGRES_PASSWORD=change-me\n';
    const lock = JSON.stringify({ files: { '.env.example': { mode: 'seeded', sha256: sha256(env) } } });
    const dir = repo({ 'package.json': '{"name":"svc"}', '.env.example': env, 'devops-stack.lock.json': lock });
    expect(detectExisting(dir).answers['app']).toBeUndefined();
    writeFileSync(join(dir, '.env.example'), `${env}API_TOKEN=\n`);
    expect(detectExisting(dir).answers['app']).toMatchObject({ settings: [{ name: 'POSTGRES_PASSWORD', secret: true }, { name: 'API_TOKEN', secret: true }] });
  });
});
