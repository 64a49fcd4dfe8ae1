import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/core/files.js';
import { extractFacts } from '../src/integration/facts.js';
import { renderGuides } from '../src/integration/guides.js';
import type { RuleContext } from '../src/integration/rule.js';
import { RULES } from '../src/integration/rules/index.js';
import { imageName } from '../src/integration/rules/image-pushed-is-pulled.js';
import { dockerfile } from '../src/steps/cicd/dockerfile.js';
import { cidrSubnet } from '../src/steps/deployment/network-policy.js';
import { imageFacts } from '../src/steps/cicd/image-facts.js';
import { durationSeconds, longestRange } from '../src/integration/rules/retention-covers-rule-ranges.js';
import { commandMinutes } from '../src/plan/timeouts.js';
import type { StackFacts } from '../src/steps/facts.js';
import { STEPS } from '../src/steps/index.js';
import { planFor } from './fixtures.js';

/** A consistent T1 stack's context (or another stack's); each case breaks one link of a fresh copy. */
function context(overrides: Parameters<typeof planFor>[0] = {}): RuleContext {
  const plan = planFor(overrides);
  const stepTree = buildTree(STEPS.flatMap((s) => s.render(plan)));
  const facts = extractFacts(stepTree, plan);
  const tree = buildTree([...stepTree.values(), ...renderGuides(plan, facts)]);
  return { plan, tree, facts };
}

/** The same for other answers (T2, T3). */
function contextFor(overrides: Parameters<typeof planFor>[0]): RuleContext {
  const plan = planFor(overrides);
  const stepTree = buildTree(STEPS.flatMap((s) => s.render(plan)));
  const facts = extractFacts(stepTree, plan);
  return { plan, tree: buildTree([...stepTree.values(), ...renderGuides(plan, facts)]), facts };
}

type Breaker = (facts: StackFacts, ctx: RuleContext) => void;

/** One way to break each rule, and what its message must say. */
const BREAKS: Record<string, { brk: Breaker; says: RegExp }> = {
  'alert-tests-load-deployed-rules': {
    // The layout before issue 12: the tests loaded the Kubernetes object, which promtool cannot read.
    brk: (f) =>
      void f.observability.ruleTests.push({ file: 'deploy/observability/tests/alerts.test.yml', ruleFiles: [{ file: 'deploy/observability/prometheusrule.yaml', groups: null }] }),
    says: /tests\/alerts\.test\.yml loads deploy\/observability\/prometheusrule\.yaml, which is a PrometheusRule object: promtool reads only plain rule files/,
  },
  'alert-tests-run-in-ci': {
    // Issue 12, defect 13: alert tests generated, and no CI job running them (the T1 workflow has none).
    brk: (f) => void f.observability.ruleTests.push({ file: 'deploy/observability/tests/alerts.test.yml', ruleFiles: [] }),
    says: /deploy\/observability\/tests\/alerts\.test\.yml holds the alert unit tests, but no job of \.github\/workflows\/ci\.yml, \.github\/workflows\/deploy\.yml runs `promtool test rules deploy\/observability\/tests\/alerts\.test\.yml`/,
  },
  'alerts-keep-route-labels': {
    brk: (f) => {
      f.observability.routes.push({ file: 'deploy/observability/alertmanagerconfig.yaml', namespace: 'shop-api', matchers: {} });
      f.observability.rules.push({
        file: 'deploy/observability/prometheusrule.yaml',
        namespace: 'shop-api',
        alert: 'AuthFailureSpike',
        expr: 'sum(rate(http_requests_total{namespace="shop-api",code=~"401|403"}[5m])) / sum(rate(http_requests_total{namespace="shop-api"}[5m])) > 0.2',
        labels: { severity: 'error' },
      });
    },
    says: /prometheusrule\.yaml: alert AuthFailureSpike has no namespace label, so the route of deploy\/observability\/alertmanagerconfig\.yaml \(namespace shop-api\) never matches it/,
  },
  'alerts-match-workload': {
    brk: (f) => void (f.deployment.workload!.kind = 'Rollout'),
    says: /alert ReplicasMismatch queries kube_deployment_spec_replicas, a series of a Deployment, but deploy\/k8s\/deployment\.yaml runs shop-api as a Rollout/,
  },
  'ci-applies-generated-manifests': {
    brk: (f) => void (f.cicd.deploys[0]!.applies = ['deploy/k8s']),
    says: /never applies deploy\/observability/,
  },
  'cluster-matches-iac': {
    brk: (f) => void (f.cicd.deploys[0]!.clusterName = 'other-cluster'),
    says: /deploys prod to cluster "other-cluster", but infra\/terraform\/environments\/prod\.tfvars creates "shop-api-prod"/,
  },
  'commands-available': {
    brk: (f) => void f.cicd.jobs.find((j) => j.id === 'deploy-prod')!.commands.push('skopeo copy oci-archive:image.tar docker://x', 'helmfile apply'),
    says: /deploy\.yml job deploy-prod runs helmfile, which the hosted runner does not have and no earlier step installs/,
  },
  'commands-exist-in-image': {
    // Issue 12, defect 5: the Go image has its binary at the file /app; the Job ran /app/migrate.
    brk: (f) => {
      f.cicd.image = imageFacts('Dockerfile', dockerfile(planFor({ stack: 'go' })));
      f.deployment.imageCommands.push({ file: 'deploy/k8s/migration/job.yaml', kind: 'Job', name: 'shop-api-migrate', command: ['/app/migrate'] });
    },
    says: /deploy\/k8s\/migration\/job\.yaml: Job shop-api-migrate runs `\/app\/migrate` in the app image, but Dockerfile copies a file to \/app, so nothing can be below it/,
  },
  'environments-agree': {
    brk: (f) => void (f.cicd.environmentOrder = ['staging']),
    says: /deploy\.yml deploys staging, but the answers list prod/,
  },
  'identities-stay-in-environment': {
    // T1 has the deploy role only (an administrator applies Terraform).
    brk: (f) => void f.iac.identities.find((i) => i.purpose === 'deploy')!.statements.push({ effect: 'allow', actions: ['ec2:DeleteVpc'], resources: ['*'], environments: null, readOnly: false, accountSetting: false }),
    says: /policies\/deploy\.json lets shop-api-deploy-prod \(prod\) ec2:DeleteVpc on \*, whatever environment its tag names/,
  },
  'image-pushed-is-pulled': {
    brk: (f) => void (f.deployment.workload!.image = 'someone-else:1.0'),
    says: /replaces image "shop-api", but deploy\/k8s\/deployment\.yaml runs image "someone-else:1\.0"/,
  },
  'metrics-used-are-collected': {
    brk: (f) => void f.observability.metricsUsed.push({ value: 'http_requests_totl', file: 'deploy/observability/prometheusrule.yaml' }),
    says: /prometheusrule\.yaml queries metric "http_requests_totl", which .* does not collect/,
  },
  'migration-before-traffic': {
    brk: (f) => {
      f.deployment.migrationJob = { file: 'deploy/k8s/migration/job.yaml', name: 'shop-api-migrate' };
      f.iac.environments[0]!.database = true;
      const deploy = f.cicd.deploys[0]!;
      deploy.commands = [...deploy.commands, 'kubectl apply -k deploy/k8s/migration', 'kubectl wait --for=condition=complete job/shop-api-migrate -n shop-api --timeout=10m'];
    },
    says: /applies deploy\/k8s before the migration Job shop-api-migrate has completed/,
  },
  'runtime-version-matches-image': {
    // Issue 13: CI set up Go from go.mod's `go 1.15` while the image built with 1.25.
    brk: (f) => void (f.cicd.jobs.find((j) => j.runtimes?.length)!.runtimes = [{ language: 'node', version: '18' }]),
    says: /\.github\/workflows\/ci\.yml \(job \S+\) sets up node 18, but Dockerfile builds or runs with node 2\d \(node:2\d/,
  },
  'image-fits-workload': {
    // Issue 13: a kept Dockerfile with no CMD, running as root, on another port.
    brk: (f) => void Object.assign(f.cicd.image!, { cmd: [], entrypoint: [], user: undefined, expose: [3000] }),
    says: /Dockerfile has no CMD or ENTRYPOINT[\s\S]*Dockerfile runs as root \(no USER\)[\s\S]*Dockerfile EXPOSEs 3000, but deploy\/k8s\/deployment\.yaml sends traffic to 8080/,
  },
  'no-local-address-in-cluster': {
    // Issue 13: REDIS_HOST=localhost in the cluster is the pod itself.
    brk: (f) => void (f.deployment.workload!.env['REDIS_HOST'] = 'localhost'),
    says: /deploy\/k8s\/deployment\.yaml: REDIS_HOST=localhost points at the pod itself/,
  },
  'monitor-selects-service': {
    brk: (f) => void (f.observability.serviceMonitor!.selector = { 'app.kubernetes.io/name': 'other' }),
    says: /selects app\.kubernetes\.io\/name=other, but the Service/,
  },
  'names-unique': {
    brk: (f) => void f.iac.uniqueNames.push({ ...f.iac.uniqueNames.find((n) => n.scope === 'account')!, targetId: 'prod-us-west-2', region: 'us-west-2', file: 'infra/terraform/environments/prod-us-west-2.tfvars' }),
    says: /prod-us-west-2\.tfvars creates IAM role \(EKS cluster\) "shop-api-prod-cluster", which infra\/terraform\/environments\/prod\.tfvars creates too: it must be unique within the account/,
  },
  'network-policy-admits-ingress': {
    // Issue 12, defect 16: the policy admitted only an ingress-nginx namespace nothing installs.
    brk: (f) =>
      void f.deployment.networkPolicies.push({
        file: 'deploy/k8s/base/networkpolicy.yaml',
        name: 'shop-api',
        podSelector: { 'app.kubernetes.io/name': 'shop-api' },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ peers: [{ namespace: 'ingress-nginx' }, { namespace: 'monitoring' }], ports: [8080] }],
      }),
    says: /networkpolicy\.yaml does not admit 10\.0\.48\.0\/24, 10\.0\.49\.0\/24, 10\.0\.50\.0\/24 on port 8080, where deploy\/k8s\/ingress\.yaml \(class alb\) sends every request/,
  },
  'oidc-trusts-deploy-jobs': {
    brk: (f) => void (f.iac.oidcSubjects = [{ value: 'repo:acme/other:environment:prod', file: 'infra/bootstrap/main.tf' }]),
    says: /OIDC subject "repo:acme\/shop-api:environment:prod" or "repo:acme@\*\/shop-api@\*:environment:prod", but no identity in infra\/bootstrap trusts it/,
  },
  'one-cloud': {
    brk: (f) => void (f.cicd.deploys[0]!.cloud = ''),
    says: /authenticates to cloud "" for prod, but the answers choose "aws"/,
  },
  'policies-compile': {
    brk: (f) =>
      void f.cicd.policies.push(
        { file: 'policy/kubernetes_test.rego', content: 'package main\n\nimport rego.v1\n\ndenies(c, volumes, fragment) if c\n' },
        { file: 'policy/terraform_test.rego', content: 'package main\n\nimport rego.v1\n\ndenies(changes, fragment) if changes\n' },
      ),
    says: /policy\/terraform_test\.rego:5: conflicting rules in package main: function denies\/2 here and function denies\/3 in policy\/kubernetes_test\.rego/,
  },
  'probe-paths-match-app': {
    brk: (f) => void (f.deployment.workload!.probes.find((p) => p.kind === 'readiness')!.path = '/ready'),
    says: /readiness probe in deploy\/k8s\/deployment\.yaml checks "\/ready", but the app serves readiness on "\/readyz"/,
  },
  'production-has-approval': {
    brk: (f) => void (f.cicd.approvals = []),
    says: /\.github\/workflows\/deploy\.yml deploys prod \(production\), but no required approval is declared for it \(approvals found: none/,
  },
  'registry-matches-iac': {
    brk: (f) => void (f.cicd.deploys[0]!.registryRepository = 'shop'),
    says: /pushes the prod image to repository "shop", but .*prod\.tfvars creates "shop-api-prod"/,
  },
  'retention-covers-rule-ranges': {
    brk: (f) =>
      void f.observability.rules.push({
        file: 'deploy/observability/prometheusrule.yaml',
        namespace: 'shop-api',
        record: 'slo:sli_error:ratio_rate30d',
        expr: 'avg_over_time(slo:sli_error:ratio_rate5m{service="shop-api",slo="availability"}[30d])',
        labels: {},
      }),
    says: /prometheusrule\.yaml: slo:sli_error:ratio_rate30d reads 30d of data, but kube-prometheus-stack keeps 10d \(its default/,
  },
  'settings-documented': {
    brk: (f) =>
      void f.cicd.needs.push({ kind: 'secret', name: 'SLACK_WEBHOOK', scope: { type: 'repository' }, description: '', source: '', file: '.github/workflows/ci.yml' }),
    says: /ci\.yml uses secret SLACK_WEBHOOK \(repository\), but docs\/devops\/integration-guide\.md does not list it/,
  },
  'telemetry-reaches-backend': {
    // The T1 stack sends no telemetry: give it the app env and collector of issue 12 (4317 without a protocol).
    brk: (f) => {
      f.deployment.workload!.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://otel-collector.observability.svc:4317';
      f.observability.collector = {
        file: 'deploy/observability/otel-collector/collector.yaml',
        host: 'otel-collector.observability.svc',
        ports: { 4317: 'grpc', 4318: 'http', 8889: '' },
        pipelines: { traces: ['otlp_grpc'], metrics: ['prometheus'], logs: ['debug'] },
        exporters: { otlp_grpc: 'tempo:4317', prometheus: '0.0.0.0:8889', debug: '' },
        scraped: [8889],
      };
    },
    says: /deployment\.yaml exports traces over http\/protobuf \(the OTLP default, OTEL_EXPORTER_OTLP_PROTOCOL unset\) to port 4317, where deploy\/observability\/otel-collector\/collector\.yaml receives OTLP over grpc/,
  },
  'timeouts-fit-jobs': {
    // Issue 12, defect 12: a 30-minute rollout wait in a 30-minute job.
    brk: (f) => {
      const job = f.cicd.deploys[0]!.jobs.find((j) => j.id === 'deploy-prod')!;
      job.timeoutMinutes = 30;
      job.commands.push('kubectl argo rollouts status shop-api -n shop-api --timeout 30m');
    },
    says: /deploy\.yml: job deploy-prod allows 30 minutes, but its commands may wait 35 \(`kubectl argo rollouts status shop-api -n shop-api --timeout 30m`\) and its failure handling 5 more \(deploy\/rollback\.sh\)/,
  },
  'trust-keeps-environments-apart': {
    // T1 has one environment: a second one, whose tokens differ by subject, that prod's role admits by a pattern.
    brk: (f, ctx) => {
      const prod = ctx.plan.environments[0]!;
      ctx.plan.environments.push({ ...prod, name: 'dev', isProduction: false, trust: { ...prod.trust, subjects: ['repo:acme/shop-api:environment:dev'] } });
      f.iac.environmentTrust!.find((t) => t.environment === 'prod')!.admits.push({ sub: 'repo:acme/shop-api:environment:*' });
    },
    says: /infra\/bootstrap\/main\.tf: prod's deploy identity admits dev's tokens \(sub=repo:acme\/shop-api:environment:dev, aud=sts\.amazonaws\.com\): the trust ignores what tells them apart \(the subject\)/,
  },
  'rollback-alarms-are-defined': {
    // A deployment watching an alarm that observability never created (an ECS service's `alarms` block).
    brk: (f) => void (f.observability.rollbackAlarms = [{ value: 'shop-api-prod-errors', file: 'infra/terraform/ecs.tf' }]),
    says: /ecs\.tf rolls deployments back on alarm "shop-api-prod-errors", which observability does not define/,
  },
  'terraform-inputs-exist': {
    brk: (f) => void (f.cicd.deploys[0]!.varFile = 'environments/production.tfvars'),
    says: /-var-file=environments\/production\.tfvars, which infra\/terraform does not have/,
  },
};

describe('consistency rules', () => {
  it('every rule has a case here, an id, a description, and the registry is sorted', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual(Object.keys(BREAKS).sort());
    expect(RULES.map((r) => r.id)).toEqual([...RULES.map((r) => r.id)].sort());
    for (const rule of RULES) expect(rule.description.length, rule.id).toBeGreaterThan(20);
  });

  it('every rule declares the steps whose facts it reads (needs), and reads no other', () => {
    const stepIds = STEPS.map((s) => s.id);
    for (const rule of RULES) {
      expect(rule.needs.length, rule.id).toBeGreaterThan(0);
      expect(new Set(rule.needs).size, rule.id).toBe(rule.needs.length);
      for (const step of rule.needs) expect(stepIds, rule.id).toContain(step);
      // Record which steps' facts the check touches, on the consistent stack and on the broken one.
      for (const broken of [false, true]) {
        const ctx = context();
        if (broken) BREAKS[rule.id]!.brk(ctx.facts, ctx);
        const read = new Set<string>();
        const facts = new Proxy(ctx.facts, { get: (target, key, receiver) => (read.add(String(key)), Reflect.get(target, key, receiver)) });
        rule.check({ ...ctx, facts });
        for (const step of read) expect(rule.needs, `${rule.id} reads ${step}`).toContain(step);
      }
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('passes on the generated default stack', () => {
        expect(rule.check(context())).toEqual([]);
      });

      it('fails when the link it guards is broken, naming both files and a remedy', () => {
        const ctx = context();
        const entry = BREAKS[rule.id]!;
        entry.brk(ctx.facts, ctx);
        const findings = rule.check(ctx);
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.map((f) => f.message).join('\n')).toMatch(entry.says);
        for (const finding of findings) {
          expect(finding.files.length).toBeGreaterThan(0);
          expect(finding.remedy.length).toBeGreaterThan(10);
        }
      });
    });
  }

  it('migration-before-traffic passes when the deploy waits for the Job before applying the workload', () => {
    const ctx = context();
    ctx.facts.deployment.migrationJob = { file: 'deploy/k8s/migration/job.yaml', name: 'shop-api-migrate' };
    ctx.facts.iac.environments[0]!.database = true;
    const deploy = ctx.facts.cicd.deploys[0]!;
    const apply = deploy.commands.findIndex((c) => c.startsWith('kubectl apply -k deploy/k8s'));
    deploy.commands.splice(apply, 0, 'kubectl apply -k deploy/k8s/migration', 'kubectl wait --for=condition=complete job/shop-api-migrate -n shop-api --timeout=10m');
    const rule = RULES.find((r) => r.id === 'migration-before-traffic')!;
    expect(rule.check(ctx)).toEqual([]);
  });

  it('migration-before-traffic fails a deploy that migrates where IaC creates no database (a second region)', () => {
    const ctx = context();
    ctx.facts.deployment.migrationJob = { file: 'deploy/k8s/migration/job.yaml', name: 'shop-api-migrate' };
    const deploy = ctx.facts.cicd.deploys[0]!;
    deploy.commands.unshift('kubectl wait --for=condition=complete job/shop-api-migrate -n shop-api --timeout=10m');
    const findings = RULES.find((r) => r.id === 'migration-before-traffic')!.check(ctx);
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/runs the migration Job shop-api-migrate in prod, where .*prod\.tfvars creates no database/)]);
  });

  describe('alert-tests-run-in-ci on every CI platform (T2: the alert tests exist)', () => {
    const platforms: Parameters<typeof planFor>[0][] = [
      {},
      { ci: 'gitlab-ci' },
      { ci: 'jenkins', ciServer: 'https://jenkins.acme.example' },
      { ci: 'circleci', ciIdentity: { organization: '0f1e2d3c-aaaa-bbbb-cccc-123456789abc', project: '9a8b7c6d-1111-2222-3333-444455556666' } },
      { ci: 'azure-devops', ciProject: { organization: 'acme', project: 'shop', organizationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } },
    ];
    const rule = () => RULES.find((r) => r.id === 'alert-tests-run-in-ci')!;
    for (const over of platforms) {
      const label = over!.ci ?? 'github-actions';
      it(`${label}: a job runs the tests with promtool (its image's), and the rule fails without it`, () => {
        const ctx = contextFor({ tier: 'T2', ...over });
        expect(ctx.facts.observability.ruleTests.map((t) => t.file)).toEqual(['deploy/observability/tests/alerts.test.yml']);
        const job = ctx.facts.cicd.jobs.find((j) => j.commands.includes('promtool test rules deploy/observability/tests/alerts.test.yml'))!;
        expect(job.available).toContain('promtool');
        expect(rule().check(ctx)).toEqual([]);
        expect(RULES.find((r) => r.id === 'commands-available')!.check(ctx)).toEqual([]);
        // The same job on a runner without promtool (the image's tools not read back): the tests cannot run.
        job.available = job.available.filter((t) => t !== 'promtool');
        expect(rule().check(ctx).map((f) => f.message)).toEqual([expect.stringMatching(/runs `promtool test rules deploy\/observability\/tests\/alerts\.test\.yml` where promtool is not available/)]);
        ctx.facts.cicd.jobs = ctx.facts.cicd.jobs.filter((j) => j !== job);
        expect(rule().check(ctx).map((f) => f.message)).toEqual([expect.stringMatching(/alerts\.test\.yml holds the alert unit tests, but no job of .* runs `promtool test rules/)]);
      });
    }
  });

  it('alerts-keep-route-labels and alerts-match-workload pass on T2 and T3 stacks (the SLO, anomaly and security alerts keep namespace)', () => {
    const stacks: Parameters<typeof planFor>[0][] = [{ tier: 'T2', strategy: 'canary' }, { tier: 'T3', strategy: 'blue-green', backingServices: ['postgres'] }];
    for (const over of stacks) {
      const ctx = contextFor(over);
      expect(ctx.facts.observability.routes.length).toBeGreaterThan(0);
      expect(ctx.facts.observability.ruleTests.map((t) => t.ruleFiles.map((r) => r.file))).toEqual([['deploy/observability/tests/alerts.rules.yml']]);
      for (const id of ['alerts-keep-route-labels', 'alerts-match-workload', 'alert-tests-load-deployed-rules', 'retention-covers-rule-ranges']) expect(RULES.find((r) => r.id === id)!.check(ctx), id).toEqual([]);
    }
  });

  it('retention-covers-rule-ranges reads the values file: a retention cut below the SLO period fails (issue 12, defect 14)', () => {
    const ctx = contextFor({ tier: 'T2' });
    expect(ctx.facts.observability.retention).toEqual({ value: '31d', file: 'deploy/observability/kube-prometheus-stack.values.yaml' });
    ctx.facts.observability.retention!.value = '15d';
    const messages = RULES.find((r) => r.id === 'retention-covers-rule-ranges')!.check(ctx).map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(/slo:sli_error:ratio_rate30d reads 30d of data, but deploy\/observability\/kube-prometheus-stack\.values\.yaml keeps 15d/),
      expect.stringMatching(/slo:sli_error:ratio_rate30d reads 30d/),
    ]);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(longestRange('rate(x{le=~"[0-9]"}[5m]) / max_over_time(y[1w:5m])')).toBe('1w');
  });

  it('telemetry-reaches-backend passes on T2 and finds each broken link of issue 12, defect 11', () => {
    const rule = RULES.find((r) => r.id === 'telemetry-reaches-backend')!;
    const ctx = contextFor({ tier: 'T2' });
    expect(ctx.facts.deployment.workload!.env).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability.svc:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_LOGS_EXPORTER: 'none' });
    expect(rule.check(ctx)).toEqual([]);
    const collector = ctx.facts.observability.collector!;
    // Traces to a `tempo` no stage installs; logs into `debug`.
    collector.exporters['otlp_grpc'] = 'tempo:4317';
    collector.pipelines['logs'] = ['debug'];
    delete ctx.facts.deployment.workload!.env['OTEL_LOGS_EXPORTER'];
    expect(rule.check(ctx).map((f) => f.message)).toEqual([
      expect.stringMatching(/collector\.yaml sends traces to otlp_grpc \(tempo:4317\): none is a backend docs\/devops\/setup-guide\.md installs/),
      expect.stringMatching(/collector\.yaml sends logs to debug: none is a backend/),
    ]);
    delete collector.pipelines['logs'];
    expect(rule.check(ctx).map((f) => f.message)).toContainEqual(expect.stringMatching(/exports logs over OTLP, but .*collector\.yaml has no logs pipeline/));
  });

  it('timeouts-fit-jobs passes on every tier and strategy, reads the rollback script\'s own wait, and states a command\'s wait', () => {
    const rule = RULES.find((r) => r.id === 'timeouts-fit-jobs')!;
    const stacks: Parameters<typeof planFor>[0][] = [{}, { tier: 'T2', strategy: 'canary' }, { tier: 'T3', strategy: 'blue-green', backingServices: ['postgres'] }, { tier: 'T3', strategy: 'canary' }];
    for (const over of stacks) expect(rule.check(contextFor(over)), JSON.stringify(over)).toEqual([]);
    const ctx = contextFor({ tier: 'T3', strategy: 'blue-green', backingServices: ['postgres'] });
    expect(ctx.facts.deployment.rollback).toEqual({ file: 'deploy/rollback.sh', timeoutMinutes: 10 });
    expect(ctx.facts.cicd.deploys.find((d) => d.targetId === 'prod')!.jobs.map((j) => [j.id, j.timeoutMinutes])).toEqual([
      ['terraform-prod', 30],
      ['push-prod', 15],
      ['deploy-prod', 60],
      ['gate-prod', 35],
    ]);
    ctx.facts.deployment.rollback!.timeoutMinutes = 30;
    expect(rule.check(ctx).map((f) => f.message)).toContainEqual(expect.stringMatching(/job deploy-prod allows 60 minutes, but its commands may wait 37 .* and its failure handling 30 more \(deploy\/rollback\.sh\)/));
    expect(commandMinutes("timeout 15m sh -c 'until x; do sleep 10; done'")).toBe(15);
    expect(commandMinutes('kubectl wait --for=condition=complete job/x --timeout=10m')).toBe(10);
    expect(commandMinutes('kubectl rollout status deployment/x --timeout=90s')).toBe(1.5);
    expect(commandMinutes('kubectl apply -k deploy/k8s')).toBe(0);
  });

  it('commands-exist-in-image passes for every language\'s migration Job and entrypoint, and reads what each base image has', () => {
    const rule = RULES.find((r) => r.id === 'commands-exist-in-image')!;
    for (const stack of ['node', 'python', 'go', 'java'] as const) {
      const ctx = contextFor({ tier: 'T3', stack, backingServices: ['postgres'] });
      expect(ctx.facts.deployment.imageCommands.map((c) => c.kind)).toEqual(['Deployment', 'Job']);
      expect(rule.check(ctx), stack).toEqual([]);
    }
    const go = contextFor({ tier: 'T3', stack: 'go', backingServices: ['postgres'] });
    expect(go.facts.cicd.image).toMatchObject({ baseImage: 'gcr.io/distroless/static-debian12:nonroot', files: ['/app'], entrypoint: ['/app'] });
    expect(go.facts.deployment.imageCommands[1]!.command).toEqual(['/app', 'migrate']);
    go.facts.deployment.imageCommands[1]!.command = ['npm', 'run', 'migrate'];
    expect(rule.check(go).map((f) => f.message)).toEqual([expect.stringMatching(/runs `npm run migrate` in the app image, but gcr\.io\/distroless\/static-debian12:nonroot has no shell and no program on its PATH/)]);
    const java = contextFor({ tier: 'T3', stack: 'java', backingServices: ['postgres'] });
    expect(java.facts.cicd.image).toMatchObject({ workdir: '/app', files: ['/app/app.jar'], dirs: ['/app'] });
  });

  it('probes and scraping fit an app that serves no endpoint: TCP probes and no ServiceMonitor pass, an HTTP probe or a scrape of it fails', () => {
    const probes = RULES.find((r) => r.id === 'probe-paths-match-app')!;
    const monitor = RULES.find((r) => r.id === 'monitor-selects-service')!;
    const metrics = RULES.find((r) => r.id === 'metrics-used-are-collected')!;
    for (const tier of ['T1', 'T2', 'T3'] as const) {
      const ctx = contextFor({ tier, app: { healthPath: 'none', readinessPath: 'none', metricsPath: 'none' } as never });
      expect(ctx.facts.deployment.workload!.probes.map((p) => p.handler), tier).toEqual(['tcp', 'tcp', 'tcp']);
      expect(ctx.facts.observability.serviceMonitor, tier).toBeNull();
      for (const rule of [probes, monitor, metrics]) expect(rule.check(ctx), `${tier} ${rule.id}`).toEqual([]);
      ctx.facts.deployment.workload!.probes[1] = { kind: 'liveness', handler: 'http', path: '/healthz', port: 'http' };
      ctx.facts.observability.serviceMonitor = { file: 'deploy/observability/servicemonitor.yaml', path: '/metrics' } as never;
      expect(probes.check(ctx).map((f) => f.message), tier).toEqual([
        expect.stringMatching(/the liveness probe in deploy\/k8s\/(base\/)?(deployment|rollout)\.yaml checks "\/healthz", but the app serves health on "none"/),
        expect.stringMatching(/servicemonitor\.yaml scrapes "\/metrics", but the app serves no metrics \(app\.metricsPath: none\)/),
      ]);
    }
  });

  it('commands-exist-in-image finds a program pip or a virtual environment puts on the PATH (gunicorn), and still refuses one nothing copies', () => {
    const rule = RULES.find((r) => r.id === 'commands-exist-in-image')!;
    const python = contextFor({ stack: 'python', app: { commands: { start: ['gunicorn', 'app:app'] } } as never });
    expect(python.facts.cicd.image!.path).toContain('/usr/local/bin');
    expect(rule.check(python)).toEqual([]);
    const venv = imageFacts('Dockerfile', 'FROM python:3.12-slim\nENV PATH=/app/.venv/bin:$PATH\nWORKDIR /app\nCOPY --from=build /app/.venv .venv\nCMD ["uvicorn", "main:app"]\n')!;
    expect(venv.path[0]).toBe('/app/.venv/bin');
    expect(rule.check({ ...python, facts: { ...python.facts, cicd: { ...python.facts.cicd, image: venv } } })).toEqual([]);
    const bare = imageFacts('Dockerfile', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "app:app"]\n')!;
    expect(rule.check({ ...python, facts: { ...python.facts, cicd: { ...python.facts.cicd, image: bare } } }).map((f) => f.message)).toEqual([
      expect.stringMatching(/starts the image with gunicorn, but python:3\.12-slim has no `gunicorn` on its PATH/),
    ]);
  });

  it('network-policy-admits-ingress reads the public subnets from IaC: a VPC range changed there leaves the ALB outside the policy', () => {
    const rule = RULES.find((r) => r.id === 'network-policy-admits-ingress')!;
    const ctx = contextFor({ tier: 'T2' });
    expect(ctx.facts.iac.loadBalancerSources?.map((s) => [s.targetId, s.file, s.cidrs.join(' ')])).toEqual(
      ['dev', 'staging', 'prod'].map((t) => [t, 'infra/terraform/vpc.tf', '10.0.48.0/24 10.0.49.0/24 10.0.50.0/24']),
    );
    expect(rule.check(ctx)).toEqual([]);
    // The same stack with prod's vpc_cidr set to another range in its tfvars, read back as extract() reads it.
    const tree = new Map(ctx.tree);
    const prod = tree.get('infra/terraform/environments/prod.tfvars')!;
    tree.set(prod.path, { ...prod, content: `${prod.content}vpc_cidr = "10.8.0.0/16"\n` });
    const facts = extractFacts(tree, ctx.plan);
    expect(facts.iac.loadBalancerSources?.find((s) => s.targetId === 'prod')?.cidrs).toEqual(['10.8.48.0/24', '10.8.49.0/24', '10.8.50.0/24']);
    expect(rule.check({ ...ctx, tree, facts }).map((f) => f.message)).toEqual([
      expect.stringMatching(/networkpolicy\.yaml does not admit 10\.8\.48\.0\/24, 10\.8\.49\.0\/24, 10\.8\.50\.0\/24 on port 8080, .*\(the public subnets infra\/terraform\/vpc\.tf creates\)/),
    ]);
  });

  it('network-policy-admits-ingress passes on T2 and T3 stacks and finds a source nothing needs', () => {
    const rule = RULES.find((r) => r.id === 'network-policy-admits-ingress')!;
    for (const over of [{ tier: 'T2', strategy: 'canary' }, { tier: 'T3', strategy: 'blue-green', domain: 'api.example.com' }] as Parameters<typeof planFor>[0][]) {
      const ctx = contextFor(over);
      expect(ctx.facts.deployment.ingress).toMatchObject({ file: 'deploy/k8s/base/ingress.yaml', className: 'alb' });
      expect(rule.check(ctx)).toEqual([]);
    }
    const ctx = contextFor({ tier: 'T2' });
    ctx.facts.deployment.networkPolicies.find((p) => p.name === 'shop-api')!.ingress[0]!.peers.push({ namespace: 'ingress-nginx' });
    expect(rule.check(ctx).map((f) => f.message)).toEqual([expect.stringMatching(/NetworkPolicy shop-api admits namespace ingress-nginx on port 8080, but deploy\/k8s\/base\/ingress\.yaml sends from 10\.0\.48\.0\/24/)]);
    expect(cidrSubnet('10.0.0.0/16', 8, 48)).toBe('10.0.48.0/24');
    expect(cidrSubnet('10.20.0.0/16', 4, 1)).toBe('10.20.16.0/20');
  });

  it('alert-tests-load-deployed-rules finds the test copy of the rules edited alone', () => {
    const ctx = contextFor({ tier: 'T2' });
    const copy = ctx.facts.observability.ruleTests[0]!.ruleFiles[0]!;
    copy.groups = copy.groups!.replace('14.4 *', '20 *');
    expect(RULES.find((r) => r.id === 'alert-tests-load-deployed-rules')!.check(ctx).map((f) => f.message)).toEqual([
      expect.stringMatching(/alerts\.rules\.yml \(loaded by deploy\/observability\/tests\/alerts\.test\.yml\) differs from the groups of deploy\/observability\/prometheusrule\.yaml/),
    ]);
  });

  it('alerts-match-workload finds a pod alert that matches the migration Job\'s pods (issue 12, defect 9)', () => {
    const ctx = contextFor({ tier: 'T3', strategy: 'blue-green', backingServices: ['postgres'] });
    const rule = ctx.facts.observability.rules.find((r) => r.alert === 'PodsNotReady')!;
    rule.expr = 'kube_pod_status_ready{namespace="shop-api",pod=~"shop-api-.*",condition="false"} == 1';
    expect(RULES.find((r) => r.id === 'alerts-match-workload')!.check(ctx).map((f) => f.message)).toEqual([
      expect.stringMatching(/alert PodsNotReady selects pods by a name pattern that also matches the migration Job's pods \(shop-api-migrate-x7k2p, deploy\/k8s\/migration\/job\.yaml\)/),
    ]);
  });

  it('production-has-approval reads the Azure DevOps approval check in its Terraform, for the environment the deploy jobs bind', () => {
    const ctx = contextFor({ ci: 'azure-devops', tier: 'T2' });
    const rule = RULES.find((r) => r.id === 'production-has-approval')!;
    expect(ctx.facts.cicd.approvals).toEqual([{ environment: 'prod', file: 'infra/azure-devops/main.tf' }]);
    expect(rule.check(ctx)).toEqual([]);
    // The check moved to staging (or deleted): prod deploys unapproved.
    const checks = ctx.tree.get('infra/azure-devops/main.tf')!;
    const moved = buildTree([...ctx.tree.values()].map((f) => (f === checks ? { ...f, content: f.content.replace('azuredevops_environment.env["prod"].id', 'azuredevops_environment.env["staging"].id') } : f)));
    const facts = extractFacts(moved, ctx.plan);
    expect(facts.cicd.approvals.map((a) => a.environment)).toEqual(['staging']);
    const findings = rule.check({ ...ctx, tree: moved, facts });
    expect(findings.map((f) => f.message).join('\n')).toMatch(/\.azure-pipelines\/deploy\.yml deploys prod \(production\), but no required approval is declared for it \(approvals found: staging; Azure DevOps keeps them in an approval check on the production environment: Terraform in infra\/azure-devops/);
  });

  describe('identities-stay-in-environment across environments (T2: dev, staging, prod)', () => {
    const rule = RULES.find((r) => r.id === 'identities-stay-in-environment')!;
    const dev = (ctx: RuleContext) => ctx.facts.iac.identities.find((i) => i.environment === 'dev' && i.purpose === 'infrastructure')!;

    it('passes on the generated stack', () => {
      expect(rule.check(context({ tier: 'T2' }))).toEqual([]);
    });

    it("fails when dev's role reaches a production resource by name", () => {
      const ctx = context({ tier: 'T2' });
      dev(ctx).statements.push({ effect: 'allow', actions: ['eks:DeleteCluster'], resources: ['arn:aws:eks:*:${account}:cluster/shop-api-*'], environments: null, readOnly: false, accountSetting: false });
      expect(rule.check(ctx).map((f) => f.message)).toEqual([
        expect.stringMatching(
          /lets shop-api-infra-dev \(dev\) eks:DeleteCluster on arn:aws:eks:\*:\$\{account\}:cluster\/shop-api-\*, which reaches arn:aws:eks:us-east-1:\*:cluster\/shop-api-staging of staging and arn:aws:eks:us-east-1:\*:cluster\/shop-api-prod of prod$/,
        ),
      ]);
    });

    it("fails when dev's role is granted by another environment's tag", () => {
      const ctx = context({ tier: 'T2' });
      dev(ctx).statements.push({ effect: 'allow', actions: ['ec2:*'], resources: ['*'], environments: ['dev', 'prod'], readOnly: false, accountSetting: false });
      expect(rule.check(ctx).map((f) => f.message)).toEqual([expect.stringMatching(/lets shop-api-infra-dev \(dev\) ec2:\* on resources tagged environment "prod"/)]);
    });

    it("fails when dev's deploy role may change prod's deploy role, and lets reads through", () => {
      const ctx = context({ tier: 'T2' });
      const deploy = ctx.facts.iac.identities.find((i) => i.environment === 'dev' && i.purpose === 'deploy')!;
      deploy.statements.push({ effect: 'allow', actions: ['iam:Get*'], resources: ['*'], environments: null, readOnly: true, accountSetting: false });
      expect(rule.check(ctx)).toEqual([]);
      deploy.statements.push({ effect: 'allow', actions: ['iam:UpdateAssumeRolePolicy'], resources: ['arn:aws:iam::*:role/shop-api-deploy-*'], environments: null, readOnly: false, accountSetting: false });
      expect(rule.check(ctx).map((f) => f.message)).toEqual([
        expect.stringMatching(/shop-api-deploy-dev \(dev\) iam:UpdateAssumeRolePolicy on .*, which reaches arn:aws:iam::\*:role\/shop-api-deploy-staging of staging and arn:aws:iam::\*:role\/shop-api-deploy-prod of prod$/),
      ]);
    });
  });

  describe('trust-keeps-environments-apart on every CI platform whose subject names no environment (T2)', () => {
    const rule = RULES.find((r) => r.id === 'trust-keeps-environments-apart')!;
    const trustOf = (ctx: RuleContext, env: string) => ctx.facts.iac.environmentTrust!.find((t) => t.environment === env)!.admits;
    /** The same stack with one file's text edited, read back again. */
    const edited = (ctx: RuleContext, path: string, edit: (text: string) => string): RuleContext => {
      const tree = buildTree([...ctx.tree.values()].map((f) => (f.path === path ? { ...f, content: edit(f.content) } : f)));
      return { ...ctx, tree, facts: extractFacts(tree, ctx.plan) };
    };
    const stacks = ['aws', 'gcp'].flatMap((cloud) => (['github-actions', 'gitlab-ci', 'jenkins', 'circleci', 'azure-devops'] as const).map((ci) => ({ ci, cloud })));

    it.each(stacks)('passes on $ci × $cloud, whose trust is read back per environment', ({ ci, cloud }) => {
      const ctx = contextFor({ tier: 'T2', ci, cloud } as never);
      expect(ctx.facts.iac.environmentTrust!.map((t) => t.environment)).toEqual(['dev', 'staging', 'prod']);
      expect(rule.check(ctx)).toEqual([]);
    });

    it("reads Jenkins's per-environment audience on both clouds, and CircleCI's context on Google Cloud", () => {
      const sub = 'https://jenkins.example.com/job/acme/job/shop-api/job/main/';
      expect(trustOf(contextFor({ tier: 'T2', ci: 'jenkins' }), 'dev')).toEqual([{ sub, aud: 'jenkins-dev' }]);
      expect(trustOf(contextFor({ tier: 'T2', ci: 'jenkins', cloud: 'gcp' } as never), 'staging')).toEqual([{ sub, aud: 'jenkins-staging' }]);
      expect(trustOf(contextFor({ tier: 'T2', ci: 'circleci', cloud: 'gcp' } as never), 'prod')).toEqual([
        expect.objectContaining({ 'oidc.circleci.com/context-ids': 'CIRCLECI_CONTEXT_ID_PROD', 'oidc.circleci.com/vcs-ref': 'refs/heads/main' }),
      ]);
    });

    it("fails when an AWS role stops checking Jenkins's audience: every environment's token is then admitted", () => {
      const ctx = edited(contextFor({ tier: 'T2', ci: 'jenkins' }), 'infra/bootstrap/main.tf', (t) => t.replace(/^\s*"[^"]*:aud" = each\.value\.audience\n/m, ''));
      expect(rule.check(ctx).map((f) => f.message)).toContainEqual(
        expect.stringMatching(/main\.tf: dev's deploy identity admits staging's tokens \(sub=https:\/\/jenkins\.example\.com\/job\/acme\/job\/shop-api\/job\/main\/, aud=jenkins-staging\): the trust ignores what tells them apart \(a per-environment audience/),
      );
    });

    it('fails when a Google Cloud binding admits the whole pool instead of its environment (CircleCI: its context)', () => {
      const ctx = edited(contextFor({ tier: 'T2', ci: 'circleci', cloud: 'gcp' } as never), 'infra/bootstrap/main.tf', (t) => t.replace('/attribute.environment/${each.value.attribute}"', '/*"'));
      expect(rule.check(ctx).map((f) => f.message)).toContainEqual(expect.stringMatching(/dev's deploy identity admits staging's tokens \(.*oidc\.circleci\.com\/context-ids=CIRCLECI_CONTEXT_ID_STAGING.*\): the trust ignores what tells them apart \(a restricted context per environment/));
    });

    it('fails when tokens alike in everything the cloud reads come from a platform declared to name the environment in them', () => {
      const ctx = contextFor({ tier: 'T2', ci: 'github-actions' });
      for (const env of ctx.plan.environments) (env.trust as { subjects: string[] }).subjects = ['repo:acme/shop-api:ref:refs/heads/main'];
      for (const t of ctx.facts.iac.environmentTrust!) t.admits = [{ sub: 'repo:acme/shop-api:ref:refs/heads/main' }];
      expect(rule.check(ctx).map((f) => f.message)).toContainEqual(expect.stringMatching(/carry nothing it could tell apart, although GitHub Actions is declared to name the environment in its tokens/));
    });
  });

  it("commands-available: kubectl after a GKE kubeconfig needs gke-gcloud-auth-plugin, which Azure DevOps's hosted agents get from a stand-in on the PATH", () => {
    const rule = RULES.find((r) => r.id === 'commands-available')!;
    const ctx = contextFor({ tier: 'T2', ci: 'azure-devops', cloud: 'gcp' } as never);
    expect(rule.check(ctx)).toEqual([]);
    const tree = buildTree([...ctx.tree.values()].map((f) => (f.path === '.azure-pipelines/deploy.yml' ? { ...f, content: f.content.replace(/^.*azure-pipelines\/scripts\/gke.*\n/gm, '') } : f)));
    const findings = rule.check({ ...ctx, tree, facts: extractFacts(tree, ctx.plan) });
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/deploy\.yml job deploy-dev runs gke-gcloud-auth-plugin, which the hosted runner does not have/));
  });

  it('reads an image name without its tag or digest', () => {
    expect(imageName('shop-api')).toBe('shop-api');
    expect(imageName('shop-api:1.2')).toBe('shop-api');
    expect(imageName('localhost:5000/shop-api@sha256:abc')).toBe('localhost:5000/shop-api');
  });
});
