/**
 * Generation fitted to the fixture applications (test/fixtures/apps/): each is generated into a
 * copy, as a user would run the CLI there, and the files are checked against what the app really
 * is: its start command and port in the Dockerfile, cgo for a cgo dependency, one runtime version
 * for CI and the image, probes and scraping only of what it serves (TCP probes and no scrape where
 * it serves none, said in the guides), its settings and services by reference, and the
 * repository's own Dockerfile, CI and manifests kept and named in the run.
 */
import { cpSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { resolveAnswers } from '../src/config/load.js';
import { generate as generatePipeline } from '../src/core/pipeline.js';
import { runCli, readTree, tempDir, type CliRun } from './helpers/run-cli.js';
import { formatFindings, validateTree } from './validators/index.js';

const APPS = join(import.meta.dirname, 'fixtures', 'apps');
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

interface Generated {
  run: CliRun;
  files: Map<string, string>;
  dir: string;
}

/** Generates into a fresh copy of the fixture (its dot-git/ as .git/), with extra flags. */
async function generate(app: string, flags: string[] = [], prepare?: (dir: string) => void): Promise<Generated> {
  const { dir: root, cleanup } = tempDir('cds-fit-');
  cleanups.push(cleanup);
  const dir = join(root, app);
  cpSync(join(APPS, app), dir, { recursive: true });
  if (existsSync(join(dir, 'dot-git'))) renameSync(join(dir, 'dot-git'), join(dir, '.git'));
  prepare?.(dir);
  const run = await runCli([app, '--yes', ...flags], root);
  return { run, files: existsSync(dir) ? readTree(dir) : new Map(), dir };
}

type Obj = Record<string, unknown>;
const yaml = (text: string | undefined): Obj => load(text ?? '') as Obj;

/** The app container of deploy/k8s/deployment.yaml. */
function container(files: Map<string, string>): Obj {
  const deployment = yaml(files.get('deploy/k8s/deployment.yaml')) as { spec: { template: { spec: { containers: Obj[] } } } };
  return deployment.spec.template.spec.containers[0]!;
}

/** The `with:` of the CI workflow's setup action of the language (setup-node, setup-python, ...). */
function setupWith(files: Map<string, string>, action: string): Obj {
  const ci = yaml(files.get('.github/workflows/ci.yml') ?? files.get('.github/workflows/devops-ci.yml')) as { jobs: Record<string, { steps: { uses?: string; with?: Obj }[] }> };
  const step = Object.values(ci.jobs).flatMap((j) => j.steps).find((s) => s.uses?.startsWith(`${action}@`));
  return step?.with ?? {};
}

describe('a Node API on yarn (node-yarn-classic): one /health route, no metrics, ioredis', async () => {
  const g = await generate('node-yarn-classic');

  it('generates', () => expect(g.run.code, g.run.stdout + g.run.stderr).toBe(0));

  it('builds with yarn at the runtime version CI sets up, and starts the detected command on the detected port', () => {
    const dockerfile = g.files.get('Dockerfile')!;
    expect(dockerfile).toContain('FROM node:20-');
    expect(dockerfile).toContain('yarn install --frozen-lockfile');
    expect(dockerfile).not.toContain('npm ci');
    expect(dockerfile).toContain('EXPOSE 4000');
    expect(dockerfile).toContain('CMD ["node", "index.js"]');
    expect(String(setupWith(g.files, 'actions/setup-node')['node-version'])).toBe('20');
    expect(g.files.get('.github/workflows/ci.yml')).toContain('yarn test');
  });

  it('probes liveness by TCP (no liveness route) and readiness on /health; scrapes nothing, and says so', () => {
    const c = container(g.files);
    expect(c['livenessProbe']).toEqual({ tcpSocket: { port: 'http' } });
    expect(c['startupProbe']).toMatchObject({ tcpSocket: { port: 'http' } });
    expect(c['readinessProbe']).toMatchObject({ httpGet: { path: '/health', port: 'http' } });
    expect(g.files.has('deploy/observability/servicemonitor.yaml')).toBe(false);
    expect(g.files.get('deploy/observability/kustomization.yaml')).not.toContain('servicemonitor');
    const rules = g.files.get('deploy/observability/prometheusrule.yaml')!;
    expect(rules).not.toContain('http_requests_total');
    expect(rules).not.toContain('HighErrorRatio');
    expect(g.files.get('deploy/observability/dashboards/notifications-red.json')).not.toContain('http_request');
    const observability = g.files.get('docs/devops/observability.md')!;
    expect(observability).toContain('The app serves no metrics (app.metricsPath: none)');
    expect(observability).toContain('`http_requests_total`');
    expect(observability).toContain('`prom-client`');
    expect(g.files.get('docs/devops/integration-guide.md')).toContain('liveness a TCP connection (no liveness route');
    expect(g.files.get('docs/devops/deployment-strategy.md')).toContain('liveness: a TCP connection to the port');
  });

  it('keeps T1 within its budget with the app\'s own settings counted fairly (forty secrets in .env.example)', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `PAYMENT_PROVIDER_${i}_API_SECRET_KEY=`).join('\n');
    const big = await generate('node-yarn-classic', ['--json'], (dir) => writeFileSync(join(dir, '.env.example'), `${many}\n`));
    expect(big.run.code, big.run.stderr).toBe(0);
    expect(big.files.get('docs/devops/setup-guide.md')).toContain('--from-literal=PAYMENT_PROVIDER_39_API_SECRET_KEY="$PAYMENT_PROVIDER_39_API_SECRET_KEY"');
    const tokens = (JSON.parse(big.run.stdout) as { tokens: { step: string; budget: number; over: boolean }[] }).tokens;
    expect(tokens.every((t) => !t.over)).toBe(true);
  });

  it('reads REDIS_URL, the setting the app reads, from a Secret by reference: no value in any file', () => {
    expect(container(g.files)['envFrom']).toEqual([{ secretRef: { name: 'notifications-connections' } }]);
    expect(g.files.get('docs/devops/setup-guide.md')).toContain('--from-literal=REDIS_URL="$REDIS_URL"');
    expect(yaml(g.files.get('docker-compose.yml'))).toMatchObject({ services: { app: { environment: { REDIS_URL: 'redis://redis:6379' } } } });
  });
});

describe('a Flask app on gunicorn:5000 (python-pip-flask): pymongo, MONGO_URI, git on master', async () => {
  const g = await generate('python-pip-flask');

  it('generates, MongoDB included', () => expect(g.run.code, g.run.stdout + g.run.stderr).toBe(0));

  it('runs gunicorn on 5000 as the Procfile does, never `python main.py` on 8080', () => {
    const dockerfile = g.files.get('Dockerfile')!;
    expect(dockerfile).toContain('CMD ["gunicorn", "app:app", "--workers", "2", "--bind", "0.0.0.0:5000"]');
    expect(dockerfile).toContain('EXPOSE 5000');
    expect(dockerfile).not.toMatch(/main\.py|8080/);
    expect(dockerfile).toContain('FROM python:3.11-slim');
    expect(String(setupWith(g.files, 'actions/setup-python')['python-version'])).toBe('3.11');
    expect(container(g.files)['ports']).toEqual([{ name: 'http', containerPort: 5000 }]);
  });

  it('triggers on master, the branch checked out', () => {
    const ci = yaml(g.files.get('.github/workflows/ci.yml')) as { on: { push: { branches: string[] } } };
    expect(ci.on.push.branches).toEqual(['master']);
  });

  it('connects to MongoDB through MONGO_URI from the Secret, runs it locally, and says nothing provisions it', () => {
    expect(container(g.files)['envFrom']).toEqual([{ secretRef: { name: 'python-pip-flask-connections' } }]);
    const setup = g.files.get('docs/devops/setup-guide.md')!;
    expect(setup).toContain('nothing here provisions mongodb');
    expect(setup).toContain('--from-literal=MONGO_URI="$MONGO_URI"');
    const compose = yaml(g.files.get('docker-compose.yml')) as { services: Record<string, Obj> };
    expect(compose.services['mongodb']).toMatchObject({ image: 'mongo:8.0' });
    expect(compose.services['app']!['environment']).toMatchObject({ MONGO_URI: 'mongodb://mongodb:27017/app' });
    expect(compose.services['app']!['environment']).not.toHaveProperty('MONGODB_URI');
  });
});

describe('an app that serves no metrics and one health route, at every tier', () => {
  it.each(['T2', 'T3'])('%s generates, with no ServiceMonitor, SLO or anomaly rule over absent series', async (tier) => {
    const g = await generate('python-pip-flask', ['--tier', tier]);
    expect(g.run.code, g.run.stdout + g.run.stderr).toBe(0);
    expect([...g.files.keys()].filter((p) => p.endsWith('servicemonitor.yaml'))).toEqual([]);
    expect(g.files.get('deploy/observability/prometheusrule.yaml')).not.toMatch(/http_request|slo:|BudgetBurn/);
  });
});

describe('a Go API with cgo sqlite (go-chi-sqlite)', async () => {
  const g = await generate('go-chi-sqlite');

  it('generates', () => expect(g.run.code, g.run.stdout + g.run.stderr).toBe(0));

  it('builds with CGO_ENABLED=1 on the golang image (its C toolchain) and runs on an image with a C library', () => {
    const dockerfile = g.files.get('Dockerfile')!;
    expect(dockerfile).toContain('RUN CGO_ENABLED=1 go build');
    expect(dockerfile).not.toContain('CGO_ENABLED=0');
    expect(dockerfile).toContain('./cmd/server');
    expect(dockerfile).toMatch(/^FROM golang:1\.21 AS build$/m);
    expect(dockerfile).toContain('FROM gcr.io/distroless/base-debian12');
    expect(dockerfile).toContain('EXPOSE 3000');
  });

  it('sets up the Go the image builds with: go.mod\'s 1.21', () => {
    expect(String(setupWith(g.files, 'actions/setup-go')['go-version'])).toBe('1.21');
  });

  it('checks the port locally with busybox where the app has no liveness route but a readiness one', () => {
    expect(g.files.get('docker-compose.yml')).toContain('http://127.0.0.1:3000/health');
  });
});

describe('a Spring Boot Gradle app (java-gradle-kotlin): Actuator without Prometheus', async () => {
  const g = await generate('java-gradle-kotlin');

  it('generates', () => expect(g.run.code, g.run.stdout + g.run.stderr).toBe(0));

  it('probes the Actuator liveness and readiness groups, with a startup probe for the JVM', () => {
    const c = container(g.files);
    expect(c['startupProbe']).toMatchObject({ httpGet: { path: '/actuator/health/liveness' } });
    expect(c['livenessProbe']).toMatchObject({ httpGet: { path: '/actuator/health/liveness' } });
    expect(c['readinessProbe']).toMatchObject({ httpGet: { path: '/actuator/health/readiness' } });
  });

  it('scrapes nothing: Actuator serves no /actuator/prometheus without micrometer-registry-prometheus', () => {
    expect(g.files.has('deploy/observability/servicemonitor.yaml')).toBe(false);
    expect(g.files.get('docs/devops/observability.md')).toContain('Micrometer');
  });

  it('builds with the Gradle wrapper at Java 21, as CI does', () => {
    const dockerfile = g.files.get('Dockerfile')!;
    expect(dockerfile).toContain('FROM eclipse-temurin:21-jdk AS build');
    expect(dockerfile).toContain('./gradlew --no-daemon bootJar');
    expect(dockerfile).not.toContain('pom.xml');
    expect(String(setupWith(g.files, 'actions/setup-java')['java-version'])).toBe('21');
    expect(g.files.get('.github/workflows/ci.yml')).toContain('./gradlew test');
  });

  it('reads the Redis URL under the name Spring Boot binds (it overrides REDIS_HOST), and REDIS_PASSWORD, from the Secret; none locally', () => {
    expect(g.files.get('docs/devops/setup-guide.md')).toContain('--from-literal=SPRING_DATA_REDIS_URL="$SPRING_DATA_REDIS_URL" --from-literal=REDIS_PASSWORD="$REDIS_PASSWORD"\n');
    expect(yaml(g.files.get('docker-compose.yml'))).toMatchObject({ services: { app: { environment: { SPRING_DATA_REDIS_URL: 'redis://redis:6379', REDIS_PASSWORD: '' } } } });
    const env = (yaml(g.files.get('docker-compose.yml')) as { services: { app: { environment: Obj } } }).services.app.environment;
    expect(Object.keys(env)).not.toContain('REDIS_HOST');
  });
});

describe('Spring Boot with micrometer-registry-prometheus (java-maven-actuator)', async () => {
  const g = await generate('java-maven-actuator');

  it('scrapes /actuator/prometheus', () => {
    expect(g.run.code, g.run.stdout + g.run.stderr).toBe(0);
    const monitor = yaml(g.files.get('deploy/observability/servicemonitor.yaml')) as { spec: { endpoints: Obj[] } };
    expect(monitor.spec.endpoints[0]).toMatchObject({ path: '/actuator/prometheus', port: 'http' });
  });
});

describe("the repository's own files", () => {
  it('describes a kept Dockerfile without CMD as it is, never as ours', async () => {
    const g = await generate('node-npm-express', [], (dir) => writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\nEXPOSE 3000\n'));
    expect(g.run.code, g.run.stderr).toBe(0);
    const line = g.run.stdout.split('\n').find((l) => /^\s+kept\s+Dockerfile\s/.test(l));
    expect(line).toContain('kept as is; it has no CMD');
    expect(line).toContain('add CMD ["node","src/server.js"]');
    expect(line).not.toContain('Multi-stage');
    expect(g.run.stderr).toContain('your Dockerfile is kept as it is, and CI builds the image from it: it has no CMD');
    expect(g.files.get('Dockerfile')).toBe('FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\nEXPOSE 3000\n');
  });

  it("reads the kept Dockerfile, not ours, in the image rules: what it gets wrong is a warning on the user's file, with the fix by hand", async () => {
    const theirs = 'FROM node:18-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nEXPOSE 3000\nCMD ["node", "src/server.js"]\n';
    const g = await generate('node-npm-express', ['--json'], (dir) => writeFileSync(join(dir, 'Dockerfile'), theirs));
    expect(g.run.code, g.run.stderr).toBe(0);
    const report = JSON.parse(g.run.stdout) as { findings: { rule: string; severity: string; message: string; files: string[]; remedy: string }[] };
    const mine = report.findings.filter((f) => f.files.includes('Dockerfile'));
    expect(mine.map((f) => [f.rule, f.severity])).toEqual([
      ['image-fits-workload', 'warning'],
      ['runtime-version-matches-image', 'warning'],
    ]);
    expect(mine.map((f) => f.message).join('\n')).toMatch(/Dockerfile runs as root \(no USER\)[\s\S]*sets up node 20, but Dockerfile builds or runs with node 18/);
    for (const f of mine) expect(f.remedy).toMatch(/^Dockerfile is yours and kept as it is \(never rewritten\): change it by hand, or: /);
    expect(g.files.get('Dockerfile')).toBe(theirs);
  });

  it('keeps existing GitHub workflows under their names, writes ours beside them, and says both run', async () => {
    const before = readFileSync(join(APPS, 'node-existing-gha', '.github/workflows/ci.yml'), 'utf8');
    const g = await generate('node-existing-gha');
    expect(g.run.code, g.run.stderr).toBe(0);
    expect(g.files.get('.github/workflows/ci.yml')).toBe(before);
    expect(g.files.has('.github/workflows/devops-ci.yml')).toBe(true);
    expect(g.files.has('.github/workflows/devops-deploy.yml')).toBe(true);
    expect(g.run.stderr).toContain('your workflows (.github/workflows/ci.yml, .github/workflows/release.yml) are kept as they are, beside ours');
  });

  it('adds GitHub Actions beside Travis only when asked, and says Travis keeps running', async () => {
    const refused = await generate('python-travis');
    expect(refused.run.code).toBe(2);
    expect(refused.files.has('.github/workflows/ci.yml')).toBe(false);
    const g = await generate('python-travis', ['--ci', 'github-actions']);
    expect(g.run.code, g.run.stderr).toBe(0);
    expect(g.run.stderr).toContain('Travis CI (.travis.yml) is kept as it is and keeps running');
    expect(g.files.has('.travis.yml')).toBe(true);
  });

  it('keeps an existing k8s/ directory and says the deploy applies only deploy/k8s', async () => {
    const g = await generate('node-bun-k8s', ['--services', '']);
    expect(g.run.code, g.run.stderr).toBe(0);
    expect(g.run.stderr).toContain('k8s (manifests) is kept as it is; the deploy applies deploy/k8s only');
    expect(g.files.get('k8s/deployment.yaml') ?? [...g.files.keys()].find((p) => p.startsWith('k8s/'))).toBeTruthy();
  });
});

describe('what fitted answers generate passes the validators', () => {
  const app = {
    healthPath: 'none',
    readinessPath: 'none',
    metricsPath: 'none',
    settings: [
      { name: 'MONGO_URI', secret: true },
      { name: 'STRIPE_API_KEY', secret: true },
      { name: 'FEATURE_FLAGS', secret: false, value: 'search,export' },
    ],
  };
  // T1 takes two backing services (T1_MAX_SERVICES), T2 and T3 all four.
  it.each(['T1', 'T2', 'T3'] as const)('%s: no endpoint served, settings, MySQL, MongoDB, Elasticsearch and Redis', async (tier) => {
    const services = tier === 'T1' ? ['mysql', 'mongodb'] : ['mysql', 'mongodb', 'elasticsearch', 'redis'];
    const answers = resolveAnswers({ name: 'fitted', stack: 'python', tier, app, backingServices: services } as never);
    const { tree } = await generatePipeline(answers);
    const { findings, skipped } = await validateTree(tree);
    for (const s of skipped) console.warn(`skipped ${s.validator}: ${s.reason}`);
    expect(findings, formatFindings(findings)).toEqual([]);
    const files = new Map([...tree.values()].map((f) => [f.path, f.content]));
    // The value of the setting that is not secret is written (pod environment at T1, the ConfigMap after); secrets only by name.
    const config = tier === 'T1' ? files.get('deploy/k8s/deployment.yaml')! : files.get('deploy/k8s/base/kustomization.yaml')!;
    expect(config).toMatch(tier === 'T1' ? /name: FEATURE_FLAGS\n\s+value: search,export/ : /FEATURE_FLAGS=search,export/);
    const k8s = [...files].filter(([p]) => p.startsWith('deploy/k8s/')).map(([, c]) => c).join('\n');
    expect(k8s).not.toMatch(/STRIPE_API_KEY|MONGO_URI/);
    expect(k8s).toContain('name: fitted-connections');
    const setup = files.get('docs/devops/setup-guide.md')!;
    expect(setup).toContain(`nothing here provisions ${services.join(' or ')}) and the app's secrets`);
    const keys: Record<string, string> = { mysql: 'DATABASE_URL', mongodb: 'MONGO_URI', elasticsearch: 'ELASTICSEARCH_URL', redis: 'REDIS_URL' };
    for (const key of [...services.map((s) => keys[s]!), 'STRIPE_API_KEY']) expect(setup).toContain(`--from-literal=${key}="$${key}"`);
  }, 300_000);
});
