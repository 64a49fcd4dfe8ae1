/**
 * Detection on fixture applications written to look like real ones (test/fixtures/apps/<case>/,
 * a monorepo's services below it). Each has its expected detection beside it in expected.json:
 * the answers it pre-fills, the stack-specific ones, the file each came from, and the facts
 * (CI systems, Kubernetes configuration, framework, workspace). A fixture's `dot-git/` becomes
 * its `.git/` in the copy that is detected, so branch detection reads real git files.
 */
import { cpSync, existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyStackAnswers, detectExisting, foreignCiProblem, type Detection } from '../src/detect/index.js';
import { resolveAnswers } from '../src/config/load.js';
import { withDefaults, type PartialAnswers } from '../src/config/defaults.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const APPS = join(import.meta.dirname, 'fixtures', 'apps');

interface Expected {
  description: string;
  answers: Record<string, unknown>;
  stackAnswers?: { stack: string; app: Record<string, unknown> };
  sources: Record<string, string>;
  facts: Record<string, unknown[]>;
}

/** Every directory with an expected.json: a case, or a monorepo's service (two levels down). */
function cases(): string[] {
  const found: string[] = [];
  for (const top of readdirSync(APPS).sort()) {
    if (existsSync(join(APPS, top, 'expected.json'))) found.push(top);
    for (const group of ['services', 'apps']) {
      const dir = join(APPS, top, group);
      if (existsSync(dir)) for (const service of readdirSync(dir).sort()) if (existsSync(join(dir, service, 'expected.json'))) found.push(`${top}/${group}/${service}`);
    }
  }
  return found;
}

const scratch = tempDir('cds-apps-');
afterAll(() => scratch.cleanup());
const copies = new Map<string, { dir: string; root?: string }>();

/** A copy of the case's top directory (once per run), with dot-git/ renamed to .git/. */
function copy(rel: string): { dir: string; root?: string } {
  const top = rel.split('/')[0]!;
  if (!copies.has(top)) {
    const dir = join(scratch.dir, top);
    cpSync(join(APPS, top), dir, { recursive: true });
    const git = existsSync(join(dir, 'dot-git'));
    if (git) renameSync(join(dir, 'dot-git'), join(dir, '.git'));
    copies.set(top, { dir, ...(git ? { root: dir } : {}) });
  }
  const { dir, root } = copies.get(top)!;
  return { dir: join(dir, ...rel.split('/').slice(1)), ...(root ? { root } : {}) };
}

function detect(rel: string): Detection {
  const { dir, root } = copy(rel);
  return detectExisting(dir, root);
}

const ALL = cases();

describe('fixture applications', () => {
  it('cover every language, its common package managers and build tools, and the repository shapes of issue 13', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(16);
    const managers = new Set(ALL.map((c) => (JSON.parse(readFileSync(join(APPS, c, 'expected.json'), 'utf8')) as Expected).stackAnswers?.app['packageManager']));
    expect([...managers].sort()).toEqual(expect.arrayContaining(['bun', 'go', 'gradle', 'maven', 'npm', 'pip', 'pnpm', 'poetry', 'uv', 'yarn']));
  });

  describe.each(ALL)('%s', (rel) => {
    const expected = JSON.parse(readFileSync(join(APPS, rel, 'expected.json'), 'utf8')) as Expected;

    it('pre-fills the expected answers', () => {
      const detection = detect(rel);
      expect(detection.answers).toEqual(expected.answers);
      expect(detection.stackAnswers).toEqual(expected.stackAnswers);
    });

    it('names the file each value came from, with a reason', () => {
      const detection = detect(rel);
      for (const [field, file] of Object.entries(expected.sources)) {
        const used = detection.detected.find((d) => d.field === field && !d.ignored);
        expect(used?.file, field).toBe(file);
        expect(used?.reason, field).toBeTruthy();
      }
    });

    it('reports the CI systems, Kubernetes configuration and framework it found', () => {
      const detection = detect(rel);
      const facts: Record<string, unknown[]> = {};
      for (const d of detection.detected) {
        if (!Object.keys(expected.facts).includes(d.field) && !['ci', 'kubernetes', 'framework', 'workspace', 'mainPackage', 'dockerfile', 'managementPort'].includes(d.field)) continue;
        (facts[d.field] ??= []).push(d.field === 'ci' || d.field === 'kubernetes' ? `${String(d.value)} ${d.file}` : d.value);
      }
      expect(facts).toEqual(expected.facts);
    });

    it('gives answers that validate, with the detected values kept through defaults', () => {
      const detection = detect(rel);
      const raw = applyStackAnswers({ ...detection.answers, name: 'fixture' }, detection);
      const answers = withDefaults(raw as PartialAnswers);
      expect(answers.app.packageManager).toBe(expected.stackAnswers?.app['packageManager']);
      expect(answers.app.commands).toMatchObject(expected.stackAnswers?.app['commands'] ?? {});
      // Values the generation half does not produce yet are refused by name, never dropped.
      try {
        resolveAnswers(raw);
      } catch (error) {
        const problems = (error as { problems: { where: string }[] }).problems.map((p) => p.where);
        expect(problems.every((w) => w === 'backingServices' || /^app\.(health|readiness|metrics)Path$/.test(w)), problems.join(', ')).toBe(true);
      }
    });
  });
});

describe('what the fixtures show', () => {
  it('npm ci only with a package-lock.json; Yarn classic and Berry each with their own frozen install', () => {
    expect(detect('node-npm-express').stackAnswers?.app['commands']).toMatchObject({ install: 'npm ci' });
    expect(detect('node-yarn-classic').stackAnswers?.app['commands']).toMatchObject({ install: 'yarn install --frozen-lockfile' });
    expect(detect('node-yarn-berry').stackAnswers?.app['commands']).toMatchObject({ install: 'yarn install --immutable', test: 'none' });
  });

  it('unittest when pytest is not a dependency; pytest when it is, even in requirements-dev.txt', () => {
    expect(detect('python-pip-flask').stackAnswers?.app['commands']).toMatchObject({ test: 'python -m unittest' });
    expect(detect('python-travis').stackAnswers?.app['commands']).toMatchObject({ test: 'python -m pytest', install: 'pip install -r requirements.txt -r requirements-dev.txt' });
    expect(detect('python-django').stackAnswers?.app['commands']).toMatchObject({ test: 'python manage.py test' });
  });

  it('serves what the app serves: Actuator groups and /actuator/prometheus only when exposed; "none" where no route exists', () => {
    expect(detect('java-maven-actuator').answers['app']).toMatchObject({ healthPath: '/actuator/health/liveness', readinessPath: '/actuator/health/readiness', metricsPath: '/actuator/prometheus', port: 8081 });
    expect(detect('java-gradle-kotlin').answers['app']).toMatchObject({ metricsPath: 'none', port: 8082 });
    expect(detect('python-uv-fastapi').answers['app']).toMatchObject({ healthPath: 'none', readinessPath: '/health', metricsPath: 'none' });
  });

  it('reads the branch from origin/HEAD before the branch checked out, and the one checked out without a remote', () => {
    expect(detect('java-maven-actuator').answers['branch']).toBe('main');
    expect(detect('python-pip-flask').answers['branch']).toBe('master');
  });

  it('builds Go with cgo for mattn/go-sqlite3, from the main package under cmd/', () => {
    const app = detect('go-chi-sqlite').stackAnswers!.app;
    expect(app['native']).toEqual(['cgo', 'sqlite']);
    expect((app['commands'] as { build: string }).build).toContain('./cmd/server');
  });

  it('finds existing CI (GitHub Actions, Travis) and an existing k8s/ directory', () => {
    expect(detect('node-existing-gha').ci).toEqual([{ id: 'github-actions', title: 'GitHub Actions', file: '.github/workflows/ci.yml', files: ['.github/workflows/ci.yml', '.github/workflows/release.yml'] }]);
    expect(detect('python-travis').ci.map((c) => c.id)).toEqual(['travis']);
    expect(detect('node-bun-k8s').kubernetes).toEqual([{ kind: 'manifests', path: 'k8s' }]);
  });

  it('in a workspace, takes the package manager and runtime version from the root, and CI from the root', () => {
    const api = detect('monorepo/services/api');
    expect(api.stackAnswers?.app).toMatchObject({ packageManager: 'pnpm', runtimeVersion: '20' });
    expect(api.ci.map((c) => c.file)).toEqual(['../../.github/workflows/lint.yml']);
    expect(detect('monorepo/services/billing').answers['branch']).toBe('trunk');
  });
});

describe('through the command line', () => {
  /** A fresh copy of one case (the CLI writes into it). */
  function fresh(top: string): string {
    const { dir, cleanup } = tempDir('cds-app-cli-');
    cleanups.push(cleanup);
    cpSync(join(APPS, top), join(dir, top), { recursive: true });
    return dir;
  }
  const cleanups: (() => void)[] = [];
  afterAll(() => cleanups.forEach((c) => c()));

  it('pre-fills the answers from an Express app, shows each value with its file in --json, and writes them to devops-stack.yaml', async () => {
    const cwd = fresh('node-npm-express');
    const run = await runCli(['node-npm-express', '--yes', '--json'], cwd);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { answers: { app: Record<string, unknown>; backingServices: string[] }; detected: { field: string; file: string; reason?: string }[] };
    expect(report.answers.app).toMatchObject({ port: 3000, packageManager: 'npm', runtimeVersion: '20', commands: { install: 'npm ci', test: 'npm test', start: ['node', 'src/server.js'] }, metricsLibrary: 'prom-client' });
    expect(report.detected).toContainEqual(expect.objectContaining({ field: 'app.runtimeVersion', file: '.nvmrc', reason: 'pinned to 20' }));
    const yaml = readFileSync(join(cwd, 'node-npm-express', 'devops-stack.yaml'), 'utf8');
    expect(yaml).toContain('runtimeVersion: "20"');
    expect(yaml).toContain('- src/server.js');
  });

  it('a flag overrides a detected value', async () => {
    const cwd = fresh('node-npm-express');
    const run = await runCli(['node-npm-express', '--yes', '--json', '--dry-run', '--runtime-version', '22', '--test-command', 'npm run test:ci'], cwd);
    expect((JSON.parse(run.stdout) as { answers: { app: { runtimeVersion: string; commands: { test: string; install: string } } } }).answers.app).toMatchObject({ runtimeVersion: '22', commands: { test: 'npm run test:ci', install: 'npm ci' } });
  });

  it('stops, naming the field and what to do, where the app serves no endpoint the stack could probe yet', async () => {
    const cwd = fresh('python-pip-flask');
    const run = await runCli(['python-pip-flask', '--yes'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('app.healthPath: is none: the app serves no liveness endpoint');
    expect(run.stderr).toContain('--health-path PATH');
    expect(existsSync(join(cwd, 'python-pip-flask', 'devops-stack.yaml'))).toBe(false);
  });

  it('sees Travis CI as existing CI and stops before adding a second pipeline', () => {
    expect(foreignCiProblem(detect('python-travis'), false)?.problems[0]).toMatchObject({ where: '.travis.yml', message: expect.stringContaining('Travis CI') });
  });
});
