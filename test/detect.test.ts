import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectExisting, foreignCiProblem } from '../src/detect/index.js';
import { withDefaults } from '../src/config/defaults.js';
import { buildTree, type VirtualFile } from '../src/core/files.js';
import { planGenerateWrites } from '../src/lock/generate-plan.js';
import { parseLock } from '../src/lock/lock.js';
import { diffAgainstDisk } from '../src/write/writer.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const REPOS = join(import.meta.dirname, 'fixtures', 'repos');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A copy of a fixture repository, so that generating into it leaves the fixture alone. */
function copyOf(name: string): { cwd: string; dir: string } {
  const { dir: cwd, cleanup } = tempDir('cds-detect-');
  cleanups.push(cleanup);
  cpSync(join(REPOS, name), join(cwd, name), { recursive: true });
  return { cwd, dir: join(cwd, name) };
}

describe('detection in existing repositories', () => {
  it.each([
    ['node-api', { stack: 'node', name: 'orders-api', app: { port: 3000 } }, 'package.json'],
    ['python-poetry', { stack: 'python', name: 'billing-service' }, 'pyproject.toml'],
    ['python-requirements', { stack: 'python' }, 'requirements.txt'],
    ['go-service', { stack: 'go', name: 'inventory-svc' }, 'go.mod'],
    ['java-maven', { stack: 'java', name: 'payments' }, 'pom.xml'],
    ['java-gradle', { stack: 'java', name: 'ledger' }, 'build.gradle.kts'],
  ])('%s: reads the stack and name from its manifest, naming the file', (repo, answers, file) => {
    const detection = detectExisting(join(REPOS, repo));
    expect(detection.answers).toMatchObject(answers);
    expect(detection.detected.find((d) => d.field === 'stack')).toMatchObject({ value: answers.stack, file });
    expect(detection.ci).toEqual([]);
  });

  it('gitlab-compose: finds GitLab CI, the Dockerfile port, compose services and the Makefile', () => {
    const detection = detectExisting(join(REPOS, 'gitlab-compose'));
    expect(detection.answers).toEqual({ stack: 'node', name: 'storefront', app: { port: 4000 }, backingServices: ['postgres', 'redis'], ci: 'gitlab-ci' });
    expect(detection.detected).toContainEqual({ field: 'backingServices', value: ['postgres'], file: 'compose.yaml', reason: 'service db (image postgres:16-alpine)' });
    expect(detection.detected).toContainEqual({ field: 'backingServices', value: ['redis'], file: 'compose.yaml', reason: 'service cache (image redis:7)' });
    expect(detection.detected).toContainEqual({ field: 'app.port', value: 4000, file: 'Dockerfile', reason: 'EXPOSE 4000' });
    // No lockfile: npm install, since npm ci would fail without package-lock.json.
    expect(detection.stackAnswers?.app['commands']).toMatchObject({ install: 'npm install', test: 'none' });
    expect(detection.ci).toEqual([{ id: 'gitlab-ci', title: 'GitLab CI', file: '.gitlab-ci.yml', files: ['.gitlab-ci.yml'] }]);
    expect(detection.orchestration).toEqual(['compose.yaml', 'Makefile']);
  });

  it('an existing Jenkinsfile offers Jenkins: ci pre-filled, no second-CI stop', () => {
    const { dir } = copyOf('node-api');
    writeFileSync(join(dir, 'Jenkinsfile'), "pipeline { agent any; stages { stage('test') { steps { sh 'npm test' } } } }\n");
    const detection = detectExisting(dir);
    expect(detection.ci).toEqual([{ id: 'jenkins', title: 'Jenkins', file: 'Jenkinsfile', files: ['Jenkinsfile'] }]);
    expect(detection.answers).toMatchObject({ stack: 'node', ci: 'jenkins' });
    expect(foreignCiProblem(detection, false)).toBeUndefined();
  });

  it('offers CircleCI where the repository runs it (ci pre-filled), instead of stopping', () => {
    const { dir, cleanup } = tempDir('cds-circleci-');
    cleanups.push(cleanup);
    mkdirSync(join(dir, '.circleci'));
    writeFileSync(join(dir, '.circleci', 'config.yml'), 'version: 2.1\n');
    writeFileSync(join(dir, 'package.json'), '{"name": "orders"}\n');
    const detection = detectExisting(dir);
    expect(detection.ci).toEqual([{ id: 'circleci', title: 'CircleCI', file: '.circleci/config.yml', files: ['.circleci/config.yml'] }]);
    expect(detection.answers).toMatchObject({ ci: 'circleci', stack: 'node' });
    expect(foreignCiProblem(detection, false)).toBeUndefined();
  });

  it('offers Azure DevOps next to an existing azure-pipelines.yml, and still overwrites nothing of it', async () => {
    const { cwd, dir } = copyOf('node-api');
    const existing = 'trigger:\n  - main\npool:\n  vmImage: ubuntu-latest\nsteps:\n  - script: npm test\n';
    writeFileSync(join(dir, 'azure-pipelines.yml'), existing);
    const detection = detectExisting(dir);
    expect(detection.ci).toEqual([expect.objectContaining({ id: 'azure-pipelines', file: 'azure-pipelines.yml' })]);
    expect(detection.answers).toMatchObject({ stack: 'node', ci: 'azure-devops' });
    const run = await runCli(['node-api', '--yes'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(/azure-pipelines\.yml: would be overwritten/);
    expect(readFileSync(join(dir, 'azure-pipelines.yml'), 'utf8')).toBe(existing);
    // Chosen explicitly, GitHub Actions wins and the Azure pipeline is left alone.
    const github = await runCli(['node-api', '--yes', '--ci', 'github-actions'], cwd);
    expect(github.code, github.stdout + github.stderr).toBe(0);
    expect(existsSync(join(dir, '.github', 'workflows', 'deploy.yml'))).toBe(true);
    expect(readFileSync(join(dir, 'azure-pipelines.yml'), 'utf8')).toBe(existing);
  });

  it('offers GitLab CI next to an existing .gitlab-ci.yml, and never overwrites that file', async () => {
    const { cwd, dir } = copyOf('gitlab-compose');
    const ours = readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8');
    const dry = await runCli(['gitlab-compose', '--yes', '--dry-run', '--json'], cwd);
    expect((JSON.parse(dry.stdout) as { answers: { ci: string } }).answers.ci).toBe('gitlab-ci');
    const run = await runCli(['gitlab-compose', '--yes'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.gitlab-ci.yml');
    expect(run.stderr).toContain('would be overwritten');
    expect(readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8')).toBe(ours);
  });

  it('stops next to a CI system we do not generate for, and says how to add ours anyway', async () => {
    const { cwd, dir } = copyOf('gitlab-compose');
    rmSync(join(dir, '.gitlab-ci.yml'));
    writeFileSync(join(dir, '.travis.yml'), 'language: node_js\n');
    const run = await runCli(['gitlab-compose', '--yes'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.travis.yml');
    expect(run.stderr).toContain('--ci github-actions');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toContain('storefront');
  });

  it('with --ci github-actions: pre-fills the answers, keeps the existing Dockerfile and compose file, and reports both', async () => {
    const { cwd, dir } = copyOf('gitlab-compose');
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const run = await runCli(['gitlab-compose', '--yes', '--ci', 'github-actions', '--json'], cwd);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      answers: Record<string, unknown>;
      detected: { field: string; file: string }[];
      kept: { path: string; existing: string }[];
      orchestration: { path: string; message: string }[];
      files: { path: string; status: string }[];
    };
    expect(report.answers).toMatchObject({ name: 'storefront', stack: 'node', app: { port: 4000 }, backingServices: ['postgres', 'redis'] });
    expect(report.detected.map((d) => `${d.field}:${d.file}`)).toEqual(expect.arrayContaining(['stack:package.json', 'app.port:Dockerfile', 'backingServices:compose.yaml', 'ci:.gitlab-ci.yml']));
    expect(report.kept).toContainEqual(expect.objectContaining({ path: 'Dockerfile', existing: 'Dockerfile' }));
    expect(report.files.find((f) => f.path === 'Dockerfile')?.status).toBe('kept');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(dockerfile);
    // Kept instead of ours when we generate one of the same kind, otherwise listed as the user's orchestration.
    const mentioned = [...report.kept.map((k) => k.existing), ...report.orchestration.map((o) => o.path)];
    expect(mentioned).toEqual(expect.arrayContaining(['Dockerfile', 'compose.yaml', 'Makefile']));
    expect(existsSync(join(dir, 'docker-compose.yml'))).toBe(false);
    expect(readFileSync(join(dir, 'Makefile'), 'utf8')).toBe('dev:\n\tdocker compose up\n');
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toContain('postgres:16-alpine');
    const lock = parseLock(readFileSync(join(dir, 'devops-stack.lock.json'), 'utf8'));
    expect(lock.files['Dockerfile']).toEqual({ mode: 'user', adopted: 'Dockerfile' });
    // Flags and the answers file still win over what was detected.
    const again = await runCli(['gitlab-compose', '--yes', '--name', 'shop-front', '--dry-run', '--json'], cwd);
    expect((JSON.parse(again.stdout) as { answers: { name: string; app: { port: number } } }).answers).toMatchObject({ name: 'shop-front', app: { port: 4000 } });
  });

  it('the human summary names what was detected and from which file', async () => {
    const { cwd } = copyOf('node-api');
    const run = await runCli(['node-api', '--yes', '--dry-run'], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('stack = node (from package.json)');
    expect(run.stdout).toContain('app.port = 3000 (from Dockerfile: EXPOSE 3000)');
    expect(run.stdout).toContain('app.commands.test = npm test (from package.json: scripts.test: node --test)');
    expect(run.stdout).toContain('Kept as they are');
  });

  it('adopts an existing compose file of another name and an existing Makefile instead of writing ours', () => {
    const { dir } = copyOf('gitlab-compose');
    const file = (path: string): VirtualFile => ({ path, content: `# ours: ${path}\n`, producer: 'deployment', summary: '' });
    const tree = buildTree([file('docker-compose.yml'), file('Makefile'), file('deploy/k8s/service.yaml')]);
    const planned = planGenerateWrites(diffAgainstDisk(tree, dir), dir, withDefaults({ name: 'storefront' }), undefined, '0.1.0');
    expect(planned.kept).toEqual([
      expect.objectContaining({ path: 'Makefile', existing: 'Makefile', reason: 'adopted' }),
      expect.objectContaining({ path: 'docker-compose.yml', existing: 'compose.yaml', reason: 'adopted' }),
    ]);
    expect(planned.writes.map((c) => c.file.path)).toEqual(['deploy/k8s/service.yaml', 'devops-stack.lock.json']);
    expect(planned.refused).toEqual([]);
    expect(planned.lock.files['docker-compose.yml']).toEqual({ mode: 'user', adopted: 'compose.yaml' });
  });
});
