/**
 * The answers that carry detection: branch, the app's package manager, runtime version,
 * commands, settings, native needs and metrics library, and "none" endpoints. Their defaults
 * keep today's stacks, they are written to devops-stack.yaml only when they differ from their
 * defaults, and what the generation half does not produce yet is refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { parseAnswersFile, serializeAnswers } from '../src/config/answers-file.js';
import { withDefaults } from '../src/config/defaults.js';
import { mergeSources, resolveAnswers } from '../src/config/load.js';
import { InputError, type Problem } from '../src/core/errors.js';

function problemsOf(raw: Record<string, unknown>): Problem[] {
  try {
    resolveAnswers(raw);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected the answers to be rejected');
}

describe('defaults of the detected answers', () => {
  it('are what the generator used before detection existed, per stack', () => {
    expect(withDefaults({ stack: 'node' })).toMatchObject({
      branch: 'main',
      app: { packageManager: 'npm', runtimeVersion: '22', commands: { install: 'npm ci', test: 'npm test', build: 'npm run build --if-present', start: ['node', '.'] }, settings: [], native: [] },
    });
    expect(withDefaults({ stack: 'python' }).app).toMatchObject({ packageManager: 'pip', runtimeVersion: '3.13', commands: { install: 'pip install -r requirements.txt', test: 'python -m pytest', start: ['python', 'main.py'] } });
    expect(withDefaults({ stack: 'go' }).app).toMatchObject({ packageManager: 'go', runtimeVersion: '1.25' });
    expect(withDefaults({ stack: 'java' }).app).toMatchObject({ packageManager: 'maven', runtimeVersion: '21', commands: { test: 'mvn -B verify' } });
  });

  it("follow the package manager when only it is given, and keep any command given", () => {
    expect(withDefaults({ stack: 'node', app: { packageManager: 'pnpm', commands: { test: 'pnpm vitest run' } } }).app.commands).toEqual({
      install: 'pnpm install --frozen-lockfile',
      test: 'pnpm vitest run',
      build: 'pnpm run --if-present build',
      start: ['node', '.'],
    });
  });

  it('merge app.commands field by field across sources (detected, answers file, flags)', () => {
    const detected = { app: { commands: { install: 'yarn install --immutable', test: 'yarn test' } } };
    const file = { app: { commands: { test: 'yarn test:ci' } } };
    expect(mergeSources(detected, file)).toEqual({ app: { commands: { install: 'yarn install --immutable', test: 'yarn test:ci' } } });
  });
});

describe('devops-stack.yaml', () => {
  it('leaves the new fields out while they hold their defaults', () => {
    const text = serializeAnswers(resolveAnswers({ name: 'shop-api' }));
    for (const key of ['branch', 'packageManager', 'runtimeVersion', 'commands', 'settings', 'native', 'metricsLibrary']) expect(text).not.toMatch(new RegExp(`^\\s*${key}:`, 'm'));
  });

  it('writes detected values, and reads them back to the same answers', () => {
    const answers = resolveAnswers({
      name: 'shop-api',
      branch: 'master',
      stack: 'python',
      app: {
        port: 5000,
        packageManager: 'poetry',
        runtimeVersion: '3.11',
        commands: { test: 'poetry run python -m unittest', start: ['gunicorn', '--bind', '0.0.0.0:5000', 'app:app'] },
        settings: [{ name: 'DATABASE_URL', secret: true, description: 'PostgreSQL' }],
        native: ['libpq'],
        metricsLibrary: 'prometheus-flask-exporter',
      },
    });
    const text = serializeAnswers(answers);
    expect(text).toMatch(/^branch: master$/m);
    expect(text).toContain('packageManager: poetry');
    expect(text).toContain('install: poetry install --no-interaction --no-root');
    expect(resolveAnswers(parseAnswersFile(text, 'devops-stack.yaml'))).toEqual(answers);
  });
});

describe('validation of the new fields', () => {
  it('accepts "none" for an endpoint the app does not serve, several times over; refuses it only where a canary analysis needs the metrics', () => {
    const none = { healthPath: 'none', readinessPath: 'none', metricsPath: 'none' };
    expect(resolveAnswers({ name: 'a', app: none }).app).toMatchObject(none);
    const problems = problemsOf({ name: 'a', tier: 'T2', strategy: 'canary', app: none });
    expect(problems.map((p) => p.where)).toEqual(['app.metricsPath']);
    expect(problems[0]!.remedy).toContain('--strategy rolling');
  });

  it('accepts and generates every backing service detection finds (OpenSearch, RabbitMQ, and Kafka from T2)', () => {
    // From T2: T1 takes two (T1_MAX_SERVICES).
    expect(resolveAnswers({ name: 'a', tier: 'T2', backingServices: ['postgres', 'mysql', 'mongodb', 'elasticsearch'] }).backingServices).toEqual(['postgres', 'mysql', 'mongodb', 'elasticsearch']);
    expect(resolveAnswers({ name: 'a', tier: 'T2', backingServices: ['postgres', 'opensearch', 'kafka', 'rabbitmq'] }).backingServices).toEqual(['postgres', 'opensearch', 'kafka', 'rabbitmq']);
    // Kafka's local broker does not fit T1's fixed total with another service.
    expect(problemsOf({ name: 'a', backingServices: ['redis', 'kafka'] })).toMatchObject([{ where: 'backingServices', message: expect.stringContaining('kafka: generated from T2') }]);
  });

  it('refuses a package manager of another language, and a setting listed twice', () => {
    expect(problemsOf({ name: 'a', stack: 'go', app: { packageManager: 'npm' } })[0]).toMatchObject({ where: 'app.packageManager', message: 'npm does not build a go service' });
    expect(problemsOf({ name: 'a', app: { settings: [{ name: 'X', secret: false }, { name: 'X', secret: true }] } })[0]).toMatchObject({ where: 'app.settings' });
  });

  it('refuses commands that would inject into a workflow or a Dockerfile line', () => {
    const where = problemsOf({ name: 'a', app: { commands: { test: 'npm test\nrm -rf /', install: 'echo ${{ secrets.TOKEN }}' } } }).map((p) => p.where);
    expect(where.sort()).toEqual(['app.commands.install', 'app.commands.test']);
  });

  it('refuses branch names git would refuse', () => {
    for (const branch of ['a..b', '/main', 'main/', 'x.lock', 'feature//x']) expect(problemsOf({ name: 'a', branch })[0]?.where, branch).toBe('branch');
    expect(resolveAnswers({ name: 'a', branch: 'release/2024.1' }).branch).toBe('release/2024.1');
  });
});
