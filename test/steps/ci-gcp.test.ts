/**
 * Jenkins, CircleCI and Azure DevOps on Google Cloud: the Workload Identity Federation provider
 * binds exactly what each platform's tokens carry (Jenkins's per-environment audience, CircleCI's
 * claims and context ids, Azure DevOps's pipeline subject and fixed audience), every stack passes
 * every consistency rule at T1–T3, and T3 signs with a Cloud KMS key where Fulcio cannot.
 */
import { describe, expect, it } from 'vitest';
import type { PartialAnswers } from '../../src/config/defaults.js';
import { buildTree, type FileTree } from '../../src/core/files.js';
import { extractFacts } from '../../src/integration/facts.js';
import { renderGuides } from '../../src/integration/guides.js';
import { runRules } from '../../src/integration/rule.js';
import { RULES } from '../../src/integration/rules/index.js';
import type { Plan } from '../../src/plan/types.js';
import { admittedClaims } from '../../src/platforms/cloud/gcp/terraform/trust.js';
import { STEPS } from '../../src/steps/index.js';
import { planFor } from '../fixtures.js';
import { withDefaults } from '../../src/config/defaults.js';
import { generate } from '../../src/core/pipeline.js';
import { formatFindings, validateTree } from '../validators/index.js';

const GCP: PartialAnswers = { cloud: 'gcp', gcp: { project: 'acme-shop' } };

function render(plan: Plan): FileTree {
  const steps = buildTree(STEPS.flatMap((s) => s.render(plan)));
  return buildTree([...steps.values(), ...renderGuides(plan, extractFacts(steps, plan))]);
}

const bootstrapOf = (plan: Plan): string => render(plan).get('infra/bootstrap/main.tf')!.content;

/** A `resource "type" "name" { ... }` block's text. */
function resource(content: string, type: string, name: string): string {
  const start = content.indexOf(`resource "${type}" "${name}" {`);
  expect(start, `${type}.${name}`).toBeGreaterThanOrEqual(0);
  return content.slice(start, content.indexOf('\n}\n', start) + 2);
}

describe('Jenkins, CircleCI and Azure DevOps × Google Cloud', () => {
  it.each(['jenkins', 'circleci', 'azure-devops'].flatMap((ci) => ['T1', 'T2', 'T3'].map((tier) => ({ ci, tier }))))('$ci at $tier passes every consistency rule', ({ ci, tier }) => {
    const plan = planFor({ ...GCP, ci, tier } as PartialAnswers);
    const tree = render(plan);
    expect(runRules(RULES, { plan, tree, facts: extractFacts(tree, plan) })).toEqual([]);
  });

  it("Jenkins: each environment's audience allowed, mapped to attribute.environment (and google.subject), each service account bound to its own", () => {
    const bootstrap = bootstrapOf(planFor({ ...GCP, ci: 'jenkins', tier: 'T2', ciServer: 'https://ci.acme.dev' }));
    const provider = resource(bootstrap, 'google_iam_workload_identity_pool_provider', 'ci');
    expect(provider).toContain(`attribute_condition = "assertion.sub == 'https://ci.acme.dev/job/acme/job/shop-api/job/main/' && assertion.aud in ['jenkins-dev', 'jenkins-staging', 'jenkins-prod']"`);
    expect(provider).toContain('"google.subject"        = "assertion.aud"');
    expect(provider).toContain('"attribute.environment" = "assertion.aud"');
    for (const env of ['dev', 'staging', 'prod']) expect(provider).toContain(`"jenkins-${env}",`);
    expect(resource(bootstrap, 'google_service_account_iam_member', 'ci')).toContain('/attribute.environment/${each.value.attribute}"');
    expect(bootstrap).toMatch(/"shop-api-prod-deploy"[^}]*attribute\s+= "jenkins-prod"/s);
  });

  it("CircleCI: its own claims and each environment's context id (the answers'), google.subject the project id, the V2 token's audience allowed", () => {
    const contexts = { dev: 'c0ffee00-0000-4000-8000-000000000001', prod: 'c0ffee00-0000-4000-8000-000000000002' };
    const plan = planFor({ ...GCP, ci: 'circleci', tier: 'T2', environments: ['dev', 'prod'], ciIdentity: { organization: 'org-uuid', project: 'project-uuid', contexts } });
    const bootstrap = bootstrapOf(plan);
    const provider = resource(bootstrap, 'google_iam_workload_identity_pool_provider', 'ci');
    expect(provider).toContain(`"google.subject"        = "assertion['oidc.circleci.com/project-id']"`);
    expect(provider).toContain(`"attribute.environment" = "assertion['oidc.circleci.com/context-ids'][0]"`);
    expect(provider).toContain('issuer_uri = "https://oidc.circleci.com/org/org-uuid"');
    expect(provider).toContain('"org-uuid",');
    // Read back: one set per environment, its context id with the project, repository and branch.
    expect(admittedClaims(bootstrap)).toEqual(Object.values(contexts).map((id) => ({
      'oidc.circleci.com/project-id': 'project-uuid',
      'oidc.circleci.com/vcs-origin': 'github.com/acme/shop-api',
      'oidc.circleci.com/vcs-ref': 'refs/heads/main',
      'oidc.circleci.com/context-ids': id,
    })));
    // The job logs in with the V2 token itself (its audience is allowed), as each environment's service account.
    const config = render(plan).get('.circleci/config.yml')!.content;
    expect(config).toContain(`printf '%s' "$CIRCLE_OIDC_TOKEN_V2" > /tmp/oidc-token`);
    expect(config).toContain('--service-account=shop-api-prod-deploy@acme-shop.iam.gserviceaccount.com');
  });

  it('CircleCI: until the answers give the context ids, placeholders, and the next steps ask for them', () => {
    const plan = planFor({ ...GCP, ci: 'circleci', tier: 'T2' });
    expect(bootstrapOf(plan)).toContain("in ['CIRCLECI_CONTEXT_ID_DEV', 'CIRCLECI_CONTEXT_ID_STAGING', 'CIRCLECI_CONTEXT_ID_PROD']");
  });

  it("Azure DevOps: every environment's service account trusts the deploy pipeline's subject, and the provider allows its fixed audience", () => {
    const plan = planFor({ ...GCP, ci: 'azure-devops', tier: 'T2', ciProject: { organization: 'acme', project: 'shop', organizationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } });
    const bootstrap = bootstrapOf(plan);
    const provider = resource(bootstrap, 'google_iam_workload_identity_pool_provider', 'ci');
    expect(provider).toContain(`attribute_condition = "assertion.sub in ['p://acme/shop/shop-api-deploy']"`);
    expect(provider).toContain('issuer_uri = "https://vstoken.dev.azure.com/3f2504e0-4f89-41d3-9a0c-0305e82c3301"');
    expect(provider).toContain('"api://AzureADTokenExchange",');
    expect(resource(bootstrap, 'google_service_account_iam_member', 'ci')).toContain('/subject/${each.value.subject}"');
  });

  it.each(['jenkins', 'azure-devops'])('%s at T3 signs and attests with a Cloud KMS key only the deploy service accounts may use', (ci) => {
    const plan = planFor({ ...GCP, ci, tier: 'T3' } as PartialAnswers);
    const tree = render(plan);
    const bootstrap = tree.get('infra/bootstrap/main.tf')!.content;
    expect(resource(bootstrap, 'google_kms_crypto_key', 'signing')).toContain('purpose  = "ASYMMETRIC_SIGN"');
    expect(resource(bootstrap, 'google_kms_crypto_key_iam_member', 'signing')).toContain('if sa.state == ""');
    expect(bootstrap).toContain('"cloudkms.googleapis.com"');
    const key = 'gcpkms://projects/acme-shop/locations/us-central1/keyRings/shop-api-cosign/cryptoKeys/cosign';
    const pipeline = [...tree.values()].filter((f) => /Jenkinsfile|deploy\.yml$/.test(f.path)).map((f) => f.content).join('\n');
    expect(pipeline).toContain(`cosign sign --yes --key ${key} "$IMAGE"`);
    expect(pipeline).toContain(`cosign attest --yes --key ${key} --type slsaprovenance --predicate provenance.json "$IMAGE"`);
  });

  it('keyless platforms (CircleCI) get no signing key', () => {
    expect(bootstrapOf(planFor({ ...GCP, ci: 'circleci', tier: 'T3' }))).not.toContain('google_kms_crypto_key');
  });
});

describe('Jenkins × Google Cloud at T3 passes its validators', () => {
  // The matrix's T3 Jenkins × Google Cloud row skips CI/CD (pairwise): its Jenkinsfile (Cloud KMS
  // signing, per-environment token credentials) and the Debian agent image are validated here.
  it('npm-groovy-lint, our declarative check, the Dockerfile and Terraform validators', async () => {
    const { tree } = await generate(withDefaults({ name: 'shop-api', repository: 'acme/shop-api', ci: 'jenkins', cloud: 'gcp', gcp: { project: 'acme-shop' }, tier: 'T3', ciServer: 'https://ci.acme.dev', skip: ['observability'] }));
    const { findings, skipped } = await validateTree(tree);
    for (const s of skipped) console.warn(`skipped ${s.validator}: ${s.reason}`);
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 300_000);
});

describe('Azure DevOps signs at T3 on AWS too', () => {
  it("with the KMS key the bootstrap creates, cosign from the tools script", () => {
    const tree = render(planFor({ ci: 'azure-devops', tier: 'T3' }));
    const deploy = tree.get('.azure-pipelines/deploy.yml')!.content;
    expect(deploy).toContain('.azure-pipelines/scripts/install-tools.sh cosign');
    expect(deploy).toContain('AWS_REGION=us-east-1 cosign sign --yes --key awskms:///alias/shop-api-cosign "$IMAGE"');
    expect(tree.get('.azure-pipelines/scripts/install-tools.sh')!.content).toContain('cosign)');
  });
});
