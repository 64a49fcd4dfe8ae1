/**
 * Google Cloud, behaviour by behaviour: identity federation bound to the repository and the
 * environment, names within GCP's limits, one state prefix per target, the cluster's hardening
 * by tier, a private database, GMP objects that select the app, every consistency rule passing for
 * GitHub Actions × GCP at T1–T3, and the CLI's answers (regions per cloud, the project).
 */
import { describe, expect, it } from 'vitest';
import type { PartialAnswers } from '../../src/config/defaults.js';
import { resolveAnswers } from '../../src/config/load.js';
import { buildTree, type FileTree } from '../../src/core/files.js';
import { InputError } from '../../src/core/errors.js';
import { generate } from '../../src/core/pipeline.js';
import { extractFacts } from '../../src/integration/facts.js';
import { renderGuides } from '../../src/integration/guides.js';
import { runRules } from '../../src/integration/rule.js';
import { RULES } from '../../src/integration/rules/index.js';
import type { Plan } from '../../src/plan/types.js';
import { gcp } from '../../src/platforms/cloud/gcp/index.js';
import { clusterName, nodeAccountId, poolId, regionCode, serviceAccountId } from '../../src/platforms/cloud/gcp/names.js';
import { admittedClaims } from '../../src/platforms/cloud/gcp/terraform/trust.js';
import { STEPS } from '../../src/steps/index.js';
import { checkWifSubject, worstSubjectBytes } from '../validators/wif-subject.js';
import { planFor } from '../fixtures.js';
import { LONGEST_BY_CLOUD, LONGEST_NAMES } from '../reference-stacks.js';

const GCP: PartialAnswers = { cloud: 'gcp', gcp: { project: 'acme-shop' } };
const T2: PartialAnswers = { ...GCP, tier: 'T2', strategy: 'canary' };
const T3: PartialAnswers = { ...GCP, tier: 'T3', stack: 'java', strategy: 'blue-green', backingServices: ['postgres', 'redis'] };

function render(plan: Plan): FileTree {
  const steps = buildTree(STEPS.flatMap((s) => s.render(plan)));
  return buildTree([...steps.values(), ...renderGuides(plan, extractFacts(steps, plan))]);
}

const text = (tree: FileTree, path: string): string => {
  const file = tree.get(path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content;
};

/** A `resource "type" "name" { ... }` block's text (up to the next top-level closing brace). */
function resource(content: string, type: string, name: string): string {
  const start = content.indexOf(`resource "${type}" "${name}" {`);
  expect(start, `${type}.${name}`).toBeGreaterThanOrEqual(0);
  return content.slice(start, content.indexOf('\n}\n', start) + 2);
}

describe('Google Cloud: CI identity federation', () => {
  it('admits only the repository\'s deploy environments, and each service account trusts one environment', () => {
    const plan = planFor({ ...T2 });
    const bootstrap = text(render(plan), 'infra/bootstrap/main.tf');
    const provider = resource(bootstrap, 'google_iam_workload_identity_pool_provider', 'ci');
    expect(provider).toContain(`attribute_condition = "assertion.repository == 'acme/shop-api' && assertion.environment in ['dev', 'staging', 'prod']"`);
    expect(provider).toContain('"attribute.environment" = "assertion.environment"');
    expect(provider).toContain('issuer_uri = "https://token.actions.githubusercontent.com"');
    const binding = resource(bootstrap, 'google_service_account_iam_member', 'ci');
    expect(binding).toContain('role               = "roles/iam.workloadIdentityUser"');
    expect(binding).toContain('/attribute.environment/${each.value.environment}"');
    // Read back: one admitted claim set per environment, repository included.
    expect(admittedClaims(bootstrap)).toEqual(['dev', 'staging', 'prod'].map((environment) => ({ repository: 'acme/shop-api', environment })));
  });

  it('fails oidc-trusts-deploy-jobs when the provider admits another repository, or not the environment', () => {
    const plan = planFor(T2);
    for (const [from, to] of [["assertion.repository == 'acme/shop-api'", "assertion.repository == 'acme/other'"], ["'dev', 'staging', 'prod'", "'dev', 'staging'"]] as const) {
      const tree = new Map(render(plan));
      const file = tree.get('infra/bootstrap/main.tf')!;
      tree.set(file.path, { ...file, content: file.content.replace(from, to) });
      const findings = runRules(RULES.filter((r) => r.id === 'oidc-trusts-deploy-jobs'), { plan, facts: extractFacts(tree, plan), tree });
      expect(findings.length, to).toBeGreaterThan(0);
      expect(findings.map((f) => f.message).join('\n')).toMatch(/deploys prod with OIDC subject .* but no identity in infra\/bootstrap trusts it/);
    }
  });

  it('binds the numeric repository ids when the answers give them (GitHub immutable subjects do not matter)', () => {
    const bootstrap = text(render(planFor({ ...GCP, repositoryIds: { owner: 42, repository: 4711 } })), 'infra/bootstrap/main.tf');
    expect(bootstrap).toContain(`attribute_condition = "assertion.repository_owner_id == '42' && assertion.repository_id == '4711' && assertion.environment in ['prod']"`);
    expect(bootstrap).not.toContain("assertion.repository == ");
  });

  it('maps google.subject to a bounded id and the environment, never `sub`, within 127 bytes for every answers file', async () => {
    const cases = [
      { answers: GCP, mapping: "assertion.repository_id + ':' + assertion.environment" },
      { answers: { ...T2, ci: 'gitlab-ci', repository: `${'g'.repeat(200)}/${'s'.repeat(200)}/project` }, mapping: "assertion.project_id + ':' + assertion.environment" },
    ] as const;
    for (const { answers, mapping } of cases) {
      const tree = render(planFor(answers));
      const bootstrap = text(tree, 'infra/bootstrap/main.tf');
      expect(resource(bootstrap, 'google_iam_workload_identity_pool_provider', 'ci')).toContain(`"google.subject"        = "${mapping}"`);
      expect(await checkWifSubject(tree)).toEqual([]);
    }
    // 19 digits (GitLab's 64-bit ids), ':' and a 12-character environment (the schema's maximum).
    expect(worstSubjectBytes("assertion.project_id + ':' + assertion.environment", '')).toEqual({ bytes: 32 });
  });

  it('wif-subject-length fails a subject that can pass 127 bytes, or that nothing bounds', async () => {
    const tree = new Map(render(planFor({ ...T2, ci: 'gitlab-ci' })));
    const file = tree.get('infra/bootstrap/main.tf')!;
    const swap = (to: string) => new Map([...tree, [file.path, { ...file, content: file.content.replace("\"assertion.project_id + ':' + assertion.environment\"", to) }]]);
    // GitLab's sub holds the project path (schema: 512 characters) and the ref: nothing bounds it.
    expect((await checkWifSubject(swap('"assertion.sub"'))).map((f) => f.message).join('\n')).toMatch(/"assertion.sub" has no bound .* over 127 bytes/);
    // The project path and the environment: 512 + 1 + 12 bytes at the schema's maxima.
    expect((await checkWifSubject(swap("\"assertion.project_path + ':' + assertion.environment\""))).map((f) => f.message).join('\n')).toMatch(/can map to 525 bytes/);
    // A sub the condition pins to listed values is as long as the longest of them.
    expect(worstSubjectBytes('assertion.sub', `assertion.sub in ['${'a'.repeat(120)}', 'b']`)).toEqual({ bytes: 120 });
  });

  it('allows Google\'s default audience (GitHub\'s action) and one known when generating (shell logins)', () => {
    const plan = planFor(GCP);
    const bootstrap = text(render(plan), 'infra/bootstrap/main.tf');
    expect(bootstrap).toContain('"https://iam.googleapis.com/${google_iam_workload_identity_pool.ci.name}/providers/github-actions"');
    expect(bootstrap).toContain(`"${gcp.shell.audience(plan)}"`);
    expect(gcp.shell.audience(plan)).toBe('https://iam.googleapis.com/projects/acme-shop/locations/global/workloadIdentityPools/shop-api-ci/providers/github-actions');
  });

  it('gives Terraform and the deploy jobs different service accounts, each with its own roles and state prefix', () => {
    const plan = planFor({ ...T2 });
    const tree = render(plan);
    const bootstrap = text(tree, 'infra/bootstrap/main.tf');
    expect(bootstrap).toMatch(/prod-tf = \{\n\s+id\s+= "shop-api-prod-tf"\n\s+environment = "prod"\n\s+state\s+= "shop-api\/prod\/"/);
    expect(resource(bootstrap, 'google_project_iam_member', 'terraform')).toContain('for role, condition in local.terraform_roles[sa.environment]');
    expect(resource(bootstrap, 'google_project_iam_member', 'deploy')).toContain('role     = google_project_iam_custom_role.connect.name');
    expect(resource(bootstrap, 'google_project_iam_custom_role', 'connect')).toContain('permissions = ["container.clusters.connect", "container.clusters.get"]');
    // The bootstrap creates the repositories (Artifact Registry reads no names in IAM Conditions), and
    // each deploy identity can push to its own only.
    expect(bootstrap).toMatch(/staging = \{\n\s+id\s+= "shop-api-staging"\n\s+region\s+= "us-central1"\n\s+environment = "staging"\n\s+account\s+= "staging-deploy"/);
    expect(resource(bootstrap, 'google_artifact_registry_repository_iam_member', 'push')).toContain('member     = google_service_account.ci[each.value.account].member');
    expect(text(tree, 'infra/terraform/registry.tf')).toMatch(/removed \{\n\s+from = google_artifact_registry_repository\.app\n\s+lifecycle \{\n\s+destroy = false/);
    expect(text(tree, 'infra/terraform/variables.tf')).not.toContain('deploy_service_account');
    const deploy = text(tree, '.github/workflows/deploy.yml');
    expect(deploy).toMatch(/terraform-staging:[\s\S]*?service_account: shop-api-staging-tf@acme-shop\.iam\.gserviceaccount\.com/);
    expect(deploy).toMatch(/deploy-staging:[\s\S]*?service_account: shop-api-staging-deploy@acme-shop\.iam\.gserviceaccount\.com/);
  });

  it('logs in from an OIDC token file with plain gcloud, as the environment\'s identity (CI platforms without Google\'s action)', () => {
    const plan = planFor(GCP);
    const env = plan.environments[0]!;
    const lines = gcp.shell.login(plan, env, env.region, '"$CI_BUILDS_DIR/.gcp-token"', 'infrastructure');
    expect(lines[0]).toBe(
      'gcloud iam workload-identity-pools create-cred-config "${GCP_WORKLOAD_IDENTITY_PROVIDER}" --service-account=shop-api-prod-tf@acme-shop.iam.gserviceaccount.com --credential-source-file="$CI_BUILDS_DIR/.gcp-token" --credential-source-type=text --output-file="$CI_BUILDS_DIR/.gcp-token".json',
    );
    expect(lines).toContain('export GOOGLE_APPLICATION_CREDENTIALS="$CI_BUILDS_DIR/.gcp-token".json');
    expect(gcp.shell.login(plan, env, env.region, 'tok')[0]).toContain('--service-account=shop-api-prod-deploy@');
    const registry = gcp.shell.registryLogin(plan, 'us-central1');
    expect(registry[0]).toBe('REGISTRY=us-central1-docker.pkg.dev/acme-shop');
    expect(registry.join('\n')).toContain('oauth2accesstoken');
    expect(gcp.shell.cliImage).toMatch(/^gcr\.io\/google\.com\/cloudsdktool\/google-cloud-cli:\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
  });
});

describe('Google Cloud: CI identities by tier', () => {
  it('creates no Terraform identity at T1 (an administrator applies infra/terraform): no -tf account, role, state grant or CI login', () => {
    const plan = planFor(GCP);
    const tree = render(plan);
    const bootstrap = text(tree, 'infra/bootstrap/main.tf');
    expect(bootstrap).not.toMatch(/-tf\b|terraform_roles|google_storage_bucket_iam_member|terraform_uses_nodes|roles\/container\.admin/);
    expect(bootstrap).toMatch(/prod-deploy = \{\n\s+id\s+= "shop-api-prod-deploy"/);
    expect(text(tree, '.github/workflows/deploy.yml')).not.toContain('-tf@');
    const guide = text(tree, 'docs/devops/setup-guide.md');
    expect(guide).not.toContain('<env>-tf');
    expect(guide).toContain('Deploy jobs act as `<env>-deploy`');
    // The guide's variables and checks name only what CI reads: the provider.
    expect([...guide.matchAll(/`(GCP_[A-Z_]+)`/g)].map((m) => m[1])).toEqual(['GCP_WORKLOAD_IDENTITY_PROVIDER', 'GCP_WORKLOAD_IDENTITY_PROVIDER']);
    const facts = extractFacts(tree, plan);
    expect(facts.iac.identities.map((i) => `${i.environment} ${i.purpose} ${i.name}`)).toEqual(['prod deploy shop-api-prod-deploy']);
  });

  it('creates a Terraform identity per environment from T2, with its roles, its state prefix and the nodes\' identity to hand out', () => {
    const plan = planFor(T2);
    const tree = render(plan);
    const bootstrap = text(tree, 'infra/bootstrap/main.tf');
    for (const env of ['dev', 'staging', 'prod']) expect(bootstrap).toContain(`id          = "shop-api-${env}-tf"`);
    // No registry role: the bootstrap owns the repositories. Each role is confined by its condition.
    expect(bootstrap).not.toContain('roles/artifactregistry.admin');
    expect(bootstrap).toContain('"roles/container.admin"      = "(resource.type != \\"container.googleapis.com/Cluster\\" || resource.name == \\"projects/acme-shop/locations/us-central1/clusters/shop-api-staging\\")"');
    expect(bootstrap).toContain('(resource.type != \\"compute.googleapis.com/Subnetwork\\" || resource.name == \\"projects/acme-shop/regions/us-central1/subnetworks/shop-api-dev\\")');
    expect(resource(bootstrap, 'google_project_iam_member', 'terraform')).toMatch(/condition \{\n\s+title\s+= "own-resources"\n\s+expression = each\.value\.condition/);
    expect(bootstrap).not.toContain('terraform_project_wide');
    expect(resource(bootstrap, 'google_storage_bucket_iam_member', 'state')).toContain('if sa.state != ""');
    expect(resource(bootstrap, 'google_service_account_iam_member', 'terraform_uses_nodes')).toContain('roles/iam.serviceAccountUser');
    expect(text(tree, '.github/workflows/deploy.yml')).toContain('service_account: shop-api-prod-tf@acme-shop.iam.gserviceaccount.com');
    expect(text(tree, 'docs/devops/setup-guide.md')).toContain('Terraform jobs act as `<env>-tf`, which IAM Conditions confine to its environment\'s cluster and network; deploy jobs as `<env>-deploy` (push, connect only).');
  });
});

describe('Google Cloud: each deploy identity stays in its environment', () => {
  const plan = planFor(T2);
  const tree = render(plan);
  const rule = RULES.filter((r) => r.id === 'identities-stay-in-environment');
  const edited = (from: string | RegExp, to: string) => {
    const copy = new Map(tree);
    const file = copy.get('infra/bootstrap/main.tf')!;
    const content = file.content.replace(from, to);
    expect(content, String(from)).not.toBe(file.content);
    copy.set(file.path, { ...file, content });
    return runRules(rule, { plan, facts: extractFacts(copy, plan), tree: copy });
  };

  it('conditions the connect role on the environment\'s own cluster, by the name IAM Conditions give a regional GKE cluster', () => {
    const bootstrap = text(tree, 'infra/bootstrap/main.tf');
    expect(bootstrap).toContain('cluster_condition = "resource.name == \\"projects/acme-shop/locations/us-central1/clusters/shop-api-staging\\""');
    const binding = resource(bootstrap, 'google_project_iam_member', 'deploy');
    expect(binding).toMatch(/condition \{\n\s+title\s+= "own-clusters"\n\s+expression = each\.value\.cluster_condition/);
    const facts = extractFacts(tree, plan);
    const staging = facts.iac.identities.find((i) => i.environment === 'staging' && i.purpose === 'deploy')!;
    expect(staging.statements).toEqual([
      expect.objectContaining({ actions: ['container.clusters.connect', 'container.clusters.get'], resources: ['projects/acme-shop/locations/us-central1/clusters/shop-api-staging'] }),
      expect.objectContaining({ actions: ['artifactregistry.repositories.uploadArtifacts', 'artifactregistry.tags.*'], resources: ['projects/acme-shop/locations/us-central1/repositories/shop-api-staging'] }),
    ]);
    expect(facts.iac.environmentResources.find((r) => r.environment === 'prod')!.named).toEqual(expect.arrayContaining([
      'projects/acme-shop/locations/us-central1/clusters/shop-api-prod',
      'projects/acme-shop/locations/us-central1/repositories/shop-api-prod',
      'projects/acme-shop/serviceAccounts/shop-api-prod-deploy@acme-shop.iam.gserviceaccount.com',
    ]));
    expect(runRules(rule, { plan, facts, tree })).toEqual([]);
  });

  it('lists every cluster of an environment with a second region in its condition', () => {
    const two = planFor(T3);
    const prod = two.environments.find((e) => e.isProduction)!;
    expect(prod.targets.map((t) => t.region)).toEqual(['us-central1', 'us-east1']);
    const bootstrap = text(render(two), 'infra/bootstrap/main.tf');
    for (const t of prod.targets) expect(bootstrap).toContain(`resource.name == \\"projects/acme-shop/locations/${t.region}/clusters/${t.clusterName}\\"`);
  });

  it('fails identities-stay-in-environment when a binding is widened by hand: no condition, a project prefix, another environment\'s cluster', () => {
    const unconditioned = edited(/  condition \{\n    title      = "own-clusters"\n    expression = each\.value\.cluster_condition\n  \}\n/, '');
    expect(unconditioned.length).toBe(3);
    expect(unconditioned.map((f) => f.message).join('\n')).toMatch(/lets shop-api-dev-deploy \(dev\) container\.clusters\.connect, container\.clusters\.get on projects\/acme-shop\/\*, which reaches projects\/acme-shop\/locations\/us-central1\/clusters\/shop-api-staging of staging/);
    const prefix = edited('expression = each.value.cluster_condition', 'expression = "resource.name.startsWith(\\"projects/acme-shop/locations/\\")"');
    expect(prefix.length).toBe(3);
    const other = edited('clusters/shop-api-dev\\""', 'clusters/shop-api-dev\\" || resource.name == \\"projects/acme-shop/locations/us-central1/clusters/shop-api-prod\\""');
    expect(other.map((f) => f.message)).toEqual([expect.stringMatching(/shop-api-dev-deploy \(dev\).*reaches projects\/acme-shop\/locations\/us-central1\/clusters\/shop-api-prod of prod/)]);
  });
});

describe('Google Cloud: each Terraform identity stays in its environment (T2+)', () => {
  const rule = RULES.filter((r) => r.id === 'identities-stay-in-environment');
  const check = (answers: PartialAnswers, from: string | RegExp, to: string) => {
    const plan = planFor(answers);
    const tree = new Map(render(plan));
    const file = tree.get('infra/bootstrap/main.tf')!;
    const content = file.content.replace(from, to);
    expect(content, String(from)).not.toBe(file.content);
    tree.set(file.path, { ...file, content });
    return runRules(rule, { plan, facts: extractFacts(tree, plan), tree }).map((f) => f.message).join('\n');
  };

  it('reads each Terraform identity\'s roles back on its own resources, the project-wide rest on their kinds, and passes', () => {
    for (const answers of [T2, T3]) {
      const plan = planFor(answers);
      const tree = render(plan);
      const facts = extractFacts(tree, plan);
      const prod = facts.iac.identities.find((i) => i.environment === 'prod' && i.purpose === 'infrastructure')!;
      const resources = prod.statements.flatMap((s) => s.resources);
      for (const t of plan.environments.find((e) => e.name === 'prod')!.targets) {
        expect(resources).toContain(`projects/acme-shop/locations/${t.region}/clusters/${t.clusterName}`);
        expect(resources).toContain(`projects/acme-shop/regions/${t.region}/subnetworks/${t.clusterName}`);
      }
      expect(resources.filter((r) => r.includes('shop-api-dev') || r.includes('shop-api-staging'))).toEqual([]);
      expect(runRules(rule, { plan, facts, tree })).toEqual([]);
    }
    // T3: Cloud SQL confined to the primary region's instance; Memorystore and Service Networking project-wide.
    const bootstrap = text(render(planFor(T3)), 'infra/bootstrap/main.tf');
    expect(bootstrap).toContain('"roles/cloudsql.admin"       = "(resource.type != \\"sqladmin.googleapis.com/Instance\\" || resource.name == \\"projects/acme-shop/instances/shop-api-prod\\")"');
    expect(resource(bootstrap, 'google_project_iam_member', 'terraform_project_wide')).toContain('"roles/servicenetworking.networksAdmin", "roles/redis.admin"');
    expect(text(render(planFor(T3)), 'docs/devops/setup-guide.md')).toMatch(/which IAM Conditions confine to its environment's cluster, network and database \(Service Networking, Memorystore, log metrics, alert policies: project-wide, no such conditions\)/);
  });

  it('creates a repository per deploy target, the second region\'s with its environment\'s id in its own region', () => {
    const plan = planFor(T3);
    const facts = extractFacts(render(plan), plan);
    const prod = facts.iac.identities.find((i) => i.environment === 'prod' && i.purpose === 'deploy')!;
    expect(prod.statements.find((s) => s.actions.includes('artifactregistry.repositories.uploadArtifacts'))!.resources).toEqual([
      'projects/acme-shop/locations/us-central1/repositories/shop-api-prod',
      'projects/acme-shop/locations/us-east1/repositories/shop-api-prod',
    ]);
  });

  it('keeps every condition within IAM\'s 12 logical operators, a second region included', () => {
    const bootstrap = text(render(planFor(T3)), 'infra/bootstrap/main.tf');
    const conditions = [...bootstrap.matchAll(/"roles\/[\w.]+"\s+= "(.*)"$/gm)].map((m) => m[1]!);
    expect(conditions.length).toBeGreaterThan(0);
    for (const c of conditions) expect((c.match(/\|\||&&/g) ?? []).length, c).toBeLessThanOrEqual(12);
  });

  it('fails identities-stay-in-environment when a Terraform binding loses its condition, or a condition names another environment', () => {
    expect(check(T2, /  condition \{\n    title      = "own-resources"\n    expression = each\.value\.condition\n  \}\n/, '')).toMatch(/lets shop-api-dev-tf \(dev\) container\.\* on projects\/acme-shop\/\*, which reaches .*shop-api-staging of staging/);
    expect(check(T2, 'clusters/shop-api-dev\\")"', 'clusters/shop-api-dev\\" || resource.name == \\"projects/acme-shop/locations/us-central1/clusters/shop-api-prod\\")"')).toMatch(/shop-api-dev-tf \(dev\) container\.\* on projects\/acme-shop\/locations\/us-central1\/clusters\/shop-api-prod, which reaches .* of prod/);
    // A deploy identity bound to another environment's repository.
    expect(check(T2, /account     = "dev-deploy"/, 'account     = "prod-deploy"')).toMatch(/shop-api-prod-deploy \(prod\) artifactregistry.* on projects\/acme-shop\/locations\/us-central1\/repositories\/shop-api-dev, which reaches .* of dev/);
  });
});

describe('Google Cloud: names within its limits', () => {
  it('keeps service account ids within 6–30 characters, unique and deterministic for the longest names', () => {
    const answers = resolveAnswers({ ...LONGEST_NAMES, ...LONGEST_BY_CLOUD.gcp, cloud: 'gcp', tier: 'T3', environments: ['development1', 'staging', 'production12'] });
    const plan = planFor(answers);
    const ids = [nodeAccountId(plan.name), ...plan.environments.flatMap((e) => [serviceAccountId(plan.name, e.name, 'tf'), serviceAccountId(plan.name, e.name, 'deploy')])];
    for (const id of ids) expect(id, id).toMatch(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Another app with the same prefix gets other ids.
    expect(serviceAccountId('payments-reconciliation-backend2', 'production12', 'deploy')).not.toBe(serviceAccountId(plan.name, 'production12', 'deploy'));
    expect(serviceAccountId(plan.name, 'production12', 'deploy')).toBe(serviceAccountId(plan.name, 'production12', 'deploy'));
    // Readable where they fit.
    expect(serviceAccountId('shop-api', 'prod', 'deploy')).toBe('shop-api-prod-deploy');
    expect(poolId(plan.name).length).toBeLessThanOrEqual(32);
    for (const t of plan.environments.flatMap((e) => e.targets)) expect(t.clusterName.length, t.clusterName).toBeLessThanOrEqual(40);
  });

  it('names the second region\'s cluster and VPC apart from the first (VPC names are per project)', () => {
    expect(regionCode('us-east1')).toBe('use1');
    expect(regionCode('europe-west4')).toBe('euw4');
    expect(regionCode('northamerica-northeast1')).toBe('none1');
    expect(clusterName('shop-api', 'prod', 'us-east1')).toBe('shop-api-prod-use1');
    const plan = planFor(T3);
    expect(plan.environments.at(-1)!.targets.map((t) => [t.region, t.clusterName])).toEqual([
      ['us-central1', 'shop-api-prod'],
      ['us-east1', 'shop-api-prod-use1'],
    ]);
  });
});

describe('Google Cloud: state, cluster, database', () => {
  it('gives every deploy target its own state prefix in the GCS bucket', () => {
    const plan = planFor(T3);
    const tree = render(plan);
    const prefixes = plan.environments.flatMap((e) => e.targets).map((t) => {
      const backend = text(tree, `infra/terraform/environments/${t.id}.gcs.tfbackend`);
      expect(backend).toContain(`bucket = "${plan.stateStore}"`);
      return /prefix = "([^"]+)"/.exec(backend)![1];
    });
    expect(prefixes).toEqual(['shop-api/dev', 'shop-api/staging', 'shop-api/prod', 'shop-api/prod/us-east1']);
    const bucket = resource(text(tree, 'infra/bootstrap/main.tf'), 'google_storage_bucket', 'state');
    expect(bucket).toContain('public_access_prevention    = "enforced"');
    expect(bucket).toContain('uniform_bucket_level_access = true');
    expect(bucket).toMatch(/versioning \{\n\s+enabled = true/);
  });

  it('runs Autopilot with a public endpoint and no deletion protection at T1, connecting without the DNS endpoint', () => {
    const plan = planFor(GCP);
    const cluster = text(render(plan), 'infra/terraform/cluster.tf');
    expect(cluster).toContain('enable_autopilot = true');
    expect(cluster).toContain('deletion_protection = false');
    expect(cluster).toContain('enable_private_nodes = true');
    expect(cluster).not.toContain('enable_private_endpoint');
    expect(cluster).toMatch(/node_kubelet_config \{\n\s+insecure_kubelet_readonly_port_enabled = "FALSE"/);
    expect(plan.commands.perEnvironment['prod']!.connect.run).toBe('gcloud container clusters get-credentials shop-api-prod --location us-central1 --project acme-shop');
  });

  it('makes the control plane private and the cluster protected from T2, CI connecting by the DNS endpoint', () => {
    for (const answers of [T2, T3]) {
      const plan = planFor(answers);
      const cluster = text(render(plan), 'infra/terraform/cluster.tf');
      expect(cluster).toMatch(/enable_autopilot\s+= true/);
      expect(cluster).toMatch(/deletion_protection\s+= true/);
      expect(cluster).toMatch(/enable_private_nodes\s+= true/);
      expect(cluster).toMatch(/enable_private_endpoint\s+= true/);
      expect(cluster).toMatch(/dns_endpoint_config \{\n\s+allow_external_traffic = true/);
      for (const c of Object.values(plan.commands.perTarget)) expect(c.connect.run).toMatch(/ --dns-endpoint$/);
      expect(gcp.parseConnect(plan.commands.perEnvironment['dev']!.connect.run)).toEqual({ cluster: 'shop-api-dev', region: 'us-central1' });
    }
  });

  it('keeps Cloud SQL private, Enterprise edition, protected twice, and writes no password anywhere', () => {
    const tree = render(planFor(T3));
    const db = text(tree, 'infra/terraform/database.tf');
    expect(db).toContain('edition                     = "ENTERPRISE"');
    expect(db).toContain('ipv4_enabled    = false');
    expect(db).toContain('ssl_mode        = "ENCRYPTED_ONLY"');
    expect(db).toContain('deletion_protection_enabled = true');
    expect(db).toMatch(/^ {2}deletion_protection = true$/m);
    expect(db).toContain('depends_on = [google_service_networking_connection.services]');
    // The second region restores backups instead of running a database.
    expect(db).toMatch(/count\s+= var\.db_tier == null \? 0 : 1/);
    expect(text(tree, 'infra/terraform/environments/prod-us-east1.tfvars')).not.toContain('db_tier');
    for (const file of tree.values()) expect(file.content, file.path).not.toMatch(/password\s*=\s*"[^$]|root_password/);
    expect(text(tree, 'infra/terraform/redis.tf')).toMatch(/connect_mode\s+= "PRIVATE_SERVICE_ACCESS"/);
  });

  it('enables every API the stack uses in the bootstrap, never disabling them on destroy', () => {
    const bootstrap = text(render(planFor(T3)), 'infra/bootstrap/main.tf');
    for (const api of ['container', 'artifactregistry', 'sqladmin', 'servicenetworking', 'redis', 'containerscanning', 'sts', 'iamcredentials']) {
      expect(bootstrap, api).toContain(`"${api}.googleapis.com"`);
    }
    expect(bootstrap).toContain('disable_on_destroy = false');
  });

  it('labels everything through the provider and alerts on audit-log events at T3', () => {
    const tree = render(planFor(T3));
    expect(text(tree, 'infra/terraform/providers.tf')).toMatch(/default_labels = \{\n\s+project\s+= "shop-api"\n\s+environment = var\.environment/);
    const security = text(tree, 'infra/terraform/security-monitoring.tf');
    expect(security).toContain('io.k8s.core.v1.pods.exec.create');
    expect(security).toContain('resource "google_monitoring_alert_policy" "security"');
    expect(text(tree, 'infra/terraform/environments/prod.tfvars')).toContain('enable_project_audit = true');
    expect(text(tree, 'infra/terraform/environments/dev.tfvars')).not.toContain('enable_project_audit');
  });
});

describe('Google Cloud: Managed Service for Prometheus', () => {
  it('writes a PodMonitoring that selects the app\'s pods on the Service\'s port, and the rules as a GMP Rules object', () => {
    const plan = planFor(T2);
    const tree = render(plan);
    expect(tree.has('deploy/observability/servicemonitor.yaml')).toBe(false);
    expect(tree.has('deploy/observability/prometheusrule.yaml')).toBe(false);
    const facts = extractFacts(tree, plan);
    expect(facts.observability.serviceMonitor).toMatchObject({ file: 'deploy/observability/podmonitoring.yaml', namespace: 'shop-api', selector: { 'app.kubernetes.io/name': 'shop-api' }, portName: 'http', path: '/metrics' });
    expect(facts.observability.metricsCollected.map((m) => m.value)).toEqual(expect.arrayContaining(['http_requests_total', 'http_request_duration_seconds_bucket', 'slo:sli_error:ratio_rate5m']));
    expect(facts.observability.alerts.map((a) => a.file)).toContain('deploy/observability/rules.yaml');
    const monitor = text(tree, 'deploy/observability/podmonitoring.yaml');
    expect(monitor).toContain('apiVersion: monitoring.googleapis.com/v1');
    // The analysis selects `service`: the pods' name label is copied onto every series under it.
    expect(monitor).toMatch(/fromPod:\n\s+- from: app\.kubernetes\.io\/name\n\s+to: service/);
    expect(text(tree, 'deploy/observability/rules.yaml')).toMatch(/kind: Rules[\s\S]*interval: 30s/);
    // The query frontend serves the analysis and the gates.
    expect(plan.rollout.prometheusAddress).toBe('http://frontend.monitoring.svc:9090');
    expect(text(tree, 'deploy/k8s/base/analysistemplate.yaml')).toContain('address: http://frontend.monitoring.svc:9090');
    expect(text(tree, 'deploy/observability/gmp-frontend/frontend.yaml')).toContain('--query.project-id=acme-shop');
    // The collectors scrape from gmp-system: the app's NetworkPolicy admits them.
    expect(text(tree, 'deploy/k8s/base/networkpolicy.yaml')).toContain('kubernetes.io/metadata.name: gmp-system');
  });

  it('fails monitor-selects-service and metrics-used-are-collected when the GMP objects are broken', () => {
    const plan = planFor(GCP);
    const tree = new Map(render(plan));
    const pm = text(tree, 'deploy/observability/podmonitoring.yaml');
    tree.set('deploy/observability/podmonitoring.yaml', { ...tree.get('deploy/observability/podmonitoring.yaml')!, content: pm.replace('app.kubernetes.io/name: shop-api', 'app.kubernetes.io/name: other').replace('regex: http_requests_total|', 'regex: ') });
    const facts = extractFacts(tree, plan);
    const findings = runRules(RULES.filter((r) => ['monitor-selects-service', 'metrics-used-are-collected'].includes(r.id)), { plan, facts, tree });
    expect(findings.map((f) => f.rule).sort()).toEqual(expect.arrayContaining(['metrics-used-are-collected', 'monitor-selects-service']));
    expect(findings.find((f) => f.rule === 'monitor-selects-service')!.message).toContain('podmonitoring.yaml selects app.kubernetes.io/name=other');
    expect(findings.find((f) => f.rule === 'metrics-used-are-collected')!.message).toContain('queries metric "http_requests_total"');
  });

  it('installs no kube-prometheus-stack on GKE, and tells how to route the managed Alertmanager', () => {
    const tree = render(planFor(T2));
    const setup = text(tree, 'docs/devops/setup-guide.md');
    expect(setup).not.toContain('kube-prometheus-stack');
    expect(setup).toContain('kubectl -n shop-api get podmonitoring,rules');
    expect(setup).toContain('clusterrolebinding ci-deploy --clusterrole=cluster-admin --user=shop-api-dev-deploy@acme-shop.iam.gserviceaccount.com');
    expect(setup).toContain('roles/monitoring.viewer');
    const doc = text(tree, 'docs/devops/observability.md');
    expect(doc).toContain('kubectl -n gmp-public create secret generic alertmanager');
    expect(doc).toContain('gcloud logging read');
    expect(doc).not.toContain('CloudWatch');
  });
});

describe('Google Cloud: the way in, the release gate, retention', () => {
  it('serves the app through GKE Ingress with NEG backends, a readiness health check, and a managed certificate for the domain', () => {
    const tree = render(planFor({ ...T2, domain: 'api.example.com' }));
    const ingress = text(tree, 'deploy/k8s/base/ingress.yaml');
    expect(ingress).toContain('kubernetes.io/ingress.class: gce');
    expect(ingress).toMatch(/kind: BackendConfig[\s\S]*requestPath: \/readyz/);
    expect(ingress).toMatch(/kind: ManagedCertificate[\s\S]*- api\.example\.com/);
    expect(ingress).toMatch(/kind: FrontendConfig[\s\S]*redirectToHttps:\n\s+enabled: true/);
    expect(ingress).not.toContain('alb.ingress.kubernetes.io');
    // The Service the Ingress sends to asks for NEGs and names the BackendConfig.
    expect(text(tree, 'deploy/k8s/base/service.yaml')).toContain('cloud.google.com/backend-config');
  });

  it('admits Google\'s front ends in the NetworkPolicy, and network-policy-admits-ingress finds them missing', () => {
    const plan = planFor(T2);
    const tree = new Map(render(plan));
    const rule = RULES.filter((r) => r.id === 'network-policy-admits-ingress');
    expect(runRules(rule, { plan, facts: extractFacts(tree, plan), tree })).toEqual([]);
    const path = 'deploy/k8s/base/networkpolicy.yaml';
    const policy = text(tree, path);
    expect(policy).toContain('cidr: 130.211.0.0/22');
    tree.set(path, { ...tree.get(path)!, content: policy.replace('cidr: 35.191.0.0/16', 'cidr: 10.0.0.0/16') });
    const messages = runRules(rule, { plan, facts: extractFacts(tree, plan), tree }).map((f) => f.message).join('\n');
    expect(messages).toMatch(/does not admit 35\.191\.0\.0\/16 on port 8080, where deploy\/k8s\/base\/ingress\.yaml \(class gce\)/);
    expect(messages).toMatch(/admits 10\.0\.0\.0\/16 on port 8080[\s\S]*the metrics scraper from namespace gmp-system/);
  });

  it('gates releases on the managed Alertmanager (the query frontend has no alerts API)', () => {
    const gate = planFor(T2).commands.verifyNoAlerts!.run;
    expect(gate).toContain("kubectl get --raw '/api/v1/namespaces/gmp-system/services/alertmanager:9093/proxy/api/v2/alerts?active=true&silenced=false&inhibited=false'");
    expect(gate).toContain('.status.state == "active" and .labels.severity == "critical" and .labels.namespace == "shop-api"');
    // AWS keeps Prometheus's own alerts API.
    expect(planFor({ tier: 'T2' }).commands.verifyNoAlerts!.run).toContain('/proxy/api/v1/alerts');
  });

  it('judges rule ranges against GMP\'s retention (24 months), and the rule tests load the Rules object\'s groups', () => {
    const plan = planFor(T2);
    const tree = render(plan);
    expect(runRules(RULES.filter((r) => ['retention-covers-rule-ranges', 'alert-tests-load-deployed-rules'].includes(r.id)), { plan, facts: extractFacts(tree, plan), tree })).toEqual([]);
    expect(text(tree, 'deploy/observability/tests/alerts.test.yml')).toContain('- alerts.rules.yml');
    expect(text(tree, 'deploy/observability/tests/alerts.rules.yml')).toContain('The groups of ../rules.yaml');
  });
});

describe('Google Cloud × GitHub Actions: the whole stack', () => {
  it.each([
    ['T1', GCP],
    ['T2', T2],
    ['T3', T3],
  ] as const)('passes every consistency rule at %s', async (_tier, answers) => {
    const plan = planFor(answers);
    const tree = render(plan);
    const findings = runRules(RULES, { plan, facts: extractFacts(tree, plan), tree });
    expect(findings).toEqual([]);
    // And generation (rules and budgets) succeeds end to end.
    await expect(generate(plan.answers)).resolves.toMatchObject({ plan: { cloud: 'gcp' } });
  });

  it('reads the deploy jobs back: Google login, the cluster and region of the connect command, the repository', () => {
    const plan = planFor(T3);
    const facts = extractFacts(render(plan), plan);
    const prodSecond = facts.cicd.deploys.find((d) => d.targetId === 'prod-us-east1')!;
    expect(prodSecond).toMatchObject({ cloud: 'gcp', region: 'us-east1', clusterName: 'shop-api-prod-use1', registryRepository: 'shop-api-prod/shop-api' });
    expect(facts.iac.cloud.value).toBe('gcp');
  });

  it('keeps the login\'s credentials file out of the image and gives kubectl its token without a plugin download', () => {
    const tree = render(planFor(GCP));
    expect(text(tree, '.dockerignore').split('\n')).toContain('gha-creds-*.json');
    const plugin = tree.get('.github/scripts/gke/gke-gcloud-auth-plugin')!;
    expect(plugin.executable).toBe(true);
    expect(plugin.content).toContain('gcloud auth print-access-token');
    expect(text(tree, '.github/workflows/deploy.yml')).toContain('echo "$PWD/.github/scripts/gke" >> "$GITHUB_PATH"');
  });

  it('tells the user to set the project while it is the placeholder', () => {
    expect(gcp.guide.fixAnswers!(planFor({ cloud: 'gcp' }))).toEqual([expect.stringContaining('Set gcp.project')]);
    expect(gcp.guide.fixAnswers!(planFor(GCP))).toEqual([]);
  });
});

describe('Google Cloud answers', () => {
  const problems = (raw: Record<string, unknown>): string[] => {
    try {
      resolveAnswers({ name: 'shop-api', ...raw });
      return [];
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return error.problems.map((p) => `${p.where}: ${p.message}`);
    }
  };

  it('defaults the region, the second region and the project per cloud', () => {
    expect(resolveAnswers({ name: 'a', cloud: 'gcp' })).toMatchObject({ region: 'us-central1', gcp: { project: 'your-gcp-project' } });
    expect(resolveAnswers({ name: 'a', cloud: 'gcp', tier: 'T3', region: 'europe-west4' }).secondaryRegion).toBe('europe-west1');
    expect(resolveAnswers({ name: 'a' })).toMatchObject({ region: 'us-east-1' });
    expect(resolveAnswers({ name: 'a' }).gcp).toBeUndefined();
  });

  it('refuses another cloud\'s region names and admins, and Google settings without Google Cloud', () => {
    expect(problems({ cloud: 'gcp', region: 'us-east-1' })).toEqual(['region: "us-east-1" is not a Google Cloud region name']);
    expect(problems({ region: 'us-central1' })).toEqual(['region: "us-central1" is not a AWS region name']);
    expect(problems({ cloud: 'gcp', clusterAdmins: ['arn:aws:iam::123456789012:role/admin'] })).toEqual(['clusterAdmins[0]: "arn:aws:iam::123456789012:role/admin" is not a Google Cloud principal']);
    expect(problems({ gcp: { project: 'acme-shop' } })).toEqual(['gcp: Google Cloud settings are given, but cloud is aws']);
    expect(problems({ cloud: 'gcp', gcp: { project: 'Acme' } })[0]).toMatch(/^gcp\.project/);
    expect(problems({ cloud: 'gcp', clusterAdmins: ['group:sre@acme.example'] })).toEqual([]);
  });
});
