/**
 * Azure, behaviour by behaviour, and the failure classes of a first real `terraform apply` each
 * as a check: global names within Azure's rules and distinct per target, Terraform's identity
 * allowed to assign every role the root stack assigns (and no other), Entra ID for the state
 * (no key lookup), provider registration left to the bootstrap, tags wherever a resource takes
 * them, federated credentials for exactly the subjects CI presents, every consistency rule
 * passing for GitHub Actions × Azure at T1–T3, and the answers Azure refuses.
 */
import { describe, expect, it } from 'vitest';
import type { PartialAnswers } from '../../src/config/defaults.js';
import { resolveAnswers } from '../../src/config/load.js';
import { buildTree, type FileTree } from '../../src/core/files.js';
import { InputError } from '../../src/core/errors.js';
import { generate } from '../../src/core/pipeline.js';
import { extractFacts } from '../../src/integration/facts.js';
import { runRules } from '../../src/integration/rule.js';
import { RULES } from '../../src/integration/rules/index.js';
import type { Plan } from '../../src/plan/types.js';
import { registryFor } from '../../src/platforms/cloud/azure/identity.js';
import { clusterName, keyVaultName, postgresName, registryName, storageAccountName } from '../../src/platforms/cloud/azure/names.js';
import { ASSIGN_CONDITION } from '../../src/platforms/cloud/azure/terraform/bootstrap.js';
import { ROLES } from '../../src/platforms/cloud/azure/terraform/shared.js';
import { STEPS } from '../../src/steps/index.js';
import { providerSchema } from '../validators/terraform-schema.js';
import { planFor } from '../fixtures.js';
import { LONGEST_BY_CLOUD, LONGEST_NAMES } from '../reference-stacks.js';

const AZURE: PartialAnswers = { cloud: 'azure', azure: { subscription: '3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' } };
const T2: PartialAnswers = { ...AZURE, tier: 'T2', strategy: 'canary' };
const T3: PartialAnswers = { ...AZURE, tier: 'T3', stack: 'java', strategy: 'blue-green', backingServices: ['postgres'] };

const render = (plan: Plan): FileTree => buildTree(STEPS.flatMap((s) => s.render(plan)));

const text = (tree: FileTree, path: string): string => {
  const file = tree.get(path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content;
};

/** Every `.tf` file of the stack and the bootstrap. */
const terraformFiles = (tree: FileTree) => [...tree.values()].filter((f) => f.path.endsWith('.tf'));

/** Each top-level `resource "type" "name" { ... }` block of a file. */
function resources(content: string): { type: string; name: string; body: string }[] {
  return [...content.matchAll(/^resource "([^"]+)" "([^"]+)" \{\n([\s\S]*?)^\}/gm)].map((m) => ({ type: m[1]!, name: m[2]!, body: m[3]! }));
}

describe('Azure: names that are global, within their rules', () => {
  const long = { ...LONGEST_NAMES, ...LONGEST_BY_CLOUD.azure, ...AZURE, tier: 'T3', environments: ['development1', 'staging', 'production12'], backingServices: ['postgres'] } satisfies PartialAnswers;

  it('storage account, registries, key vaults and database servers fit Azure\'s character and length rules with the longest names', () => {
    const answers = resolveAnswers({ ...long, stateBucket: `b${'x'.repeat(61)}z` });
    const plan = planFor(answers);
    expect(storageAccountName(plan.stateStore)).toMatch(/^[a-z0-9]{3,24}$/);
    for (const env of plan.environments) {
      for (const t of env.targets) {
        expect(registryFor(plan, env.name, t.region)).toMatch(/^[a-z0-9]{5,50}$/);
        expect(keyVaultName(plan.stateStore, plan.name, t.id)).toMatch(/^[a-z][a-z0-9]{2,23}$/);
        expect(postgresName(plan.stateStore, t.clusterName)).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
        expect(t.clusterName.length).toBeLessThanOrEqual(63);
      }
    }
  });

  it('are distinct per environment and per stack (the state bucket, unique per repository and region, seeds them)', () => {
    expect(registryName('a-tfstate-1', 'shop-api', 'dev')).not.toBe(registryName('a-tfstate-1', 'shop-api', 'prod'));
    expect(registryName('a-tfstate-1', 'shop-api', 'prod')).not.toBe(registryName('b-tfstate-2', 'shop-api', 'prod'));
    expect(keyVaultName('a-tfstate-1', 'shop-api', 'prod')).not.toBe(keyVaultName('b-tfstate-2', 'shop-api', 'prod'));
    expect(storageAccountName('shop-api-tfstate-81520fb8')).toBe('shopapitfstate81520fb8');
    expect(storageAccountName('payments-reconciliation-backend1-tfstate-81520fb8')).toMatch(/^[a-z0-9]{24}$/);
    expect(clusterName('shop-api', 'prod')).toBe('shop-api-prod');
  });
});

describe('Azure: first-apply failure classes', () => {
  it("Terraform's identity may assign exactly the roles the root stack assigns (else 403 on roleAssignments/write)", () => {
    const tree = render(planFor({ ...T3 }));
    const assigned = new Set(
      terraformFiles(tree)
        .filter((f) => f.path.startsWith('infra/terraform/'))
        .flatMap((f) => [...f.content.matchAll(/role_definition_name\s*=\s*"([^"]+)"/g)].map((m) => m[1]!)),
    );
    expect(assigned.size).toBeGreaterThan(3);
    for (const role of assigned) {
      expect(Object.keys(ROLES), role).toContain(role);
      expect(ASSIGN_CONDITION, role).toContain(ROLES[role as keyof typeof ROLES]);
    }
    const bootstrap = text(tree, 'infra/bootstrap/main.tf');
    expect(bootstrap).toContain('role_definition_name = "Role Based Access Control Administrator"');
    expect(bootstrap).toContain('condition_version    = "2.0"');
    // Both writing and deleting are confined, so `terraform destroy` of an assignment works too.
    expect(ASSIGN_CONDITION).toMatch(/roleAssignments\/write[\s\S]*roleAssignments\/delete/);
  });

  it('reads state with Entra ID only: no key lookup in the backend, Entra ID for storage in the provider, no shared keys on the account', () => {
    const tree = render(planFor({ ...T2 }));
    for (const env of ['dev', 'staging', 'prod']) {
      const backend = text(tree, `infra/terraform/environments/${env}.azurerm.tfbackend`);
      expect(backend).toMatch(/use_azuread_auth\s*=\s*true/);
      // With resource_group_name or subscription_id the backend lists the account's keys, which fails.
      expect(backend).not.toMatch(/resource_group_name|subscription_id|access_key/);
      expect(backend).toContain(`container_name       = "tfstate-${env}"`);
    }
    expect(text(tree, 'infra/terraform/providers.tf')).toMatch(/storage_use_azuread\s*=\s*true/);
    const account = resources(text(tree, 'infra/bootstrap/main.tf')).find((r) => r.type === 'azurerm_storage_account')!.body;
    expect(account).toMatch(/shared_access_key_enabled\s*=\s*false/);
    expect(account).toMatch(/versioning_enabled = true/);
    expect(account).toMatch(/prevent_destroy = true/);
  });

  it('leaves resource provider registration to the bootstrap (CI identities cannot register providers)', () => {
    const tree = render(planFor({ ...T3 }));
    expect(text(tree, 'infra/terraform/providers.tf')).toMatch(/resource_provider_registrations = "none"/);
    const bootstrap = text(tree, 'infra/bootstrap/main.tf');
    for (const rp of ['Microsoft.ContainerService', 'Microsoft.ServiceNetworking', 'Microsoft.DBforPostgreSQL', 'Microsoft.KeyVault']) expect(bootstrap).toContain(`"${rp}"`);
  });

  it('tags every resource that takes tags (cost and compliance)', () => {
    const schema = providerSchema('azurerm');
    const tree = render(planFor({ ...T3 }));
    const untagged = terraformFiles(tree).flatMap((f) =>
      resources(f.content)
        .filter((r) => schema.resource[r.type]?.attributes['tags'] && !/^\s*tags\s*=/m.test(r.body))
        .map((r) => `${f.path}: ${r.type}.${r.name}`),
    );
    expect(untagged).toEqual([]);
  });

  it('trusts exactly the subjects the deploy jobs present, one federated credential each, and gives Terraform an identity only from T2', () => {
    const t1 = text(render(planFor({ ...AZURE })), 'infra/bootstrap/main.tf');
    expect(t1).toContain('subjects    = ["repo:acme/shop-api:environment:prod"]');
    expect(t1).not.toContain('-tf"');
    expect(t1).not.toContain('terraform_contributor');
    const plan = planFor({ ...T2, repositoryIds: { owner: 1234567, repository: 89012345 } });
    const t2 = text(render(plan), 'infra/bootstrap/main.tf');
    for (const env of plan.environments) for (const s of env.trust.subjects) expect(t2).toContain(`"${s}"`);
    expect(t2).toContain('issuer              = "https://token.actions.githubusercontent.com"');
    expect(t2).toContain('audience            = ["api://AzureADTokenExchange"]');
    expect(t2).toContain('name        = "id-shop-api-dev-tf"');
  });
});

describe('Azure: availability zones', () => {
  it('asks for zones only in regions that have them (zonal pools, zone-redundant storage and standbys fail elsewhere)', () => {
    const zonal = render(planFor({ ...T3, environments: ['prod'] }));
    expect(text(zonal, 'infra/terraform/environments/prod.tfvars')).toMatch(/zones\s*=\s*\["1", "2", "3"\]/);
    expect(text(zonal, 'infra/terraform/environments/prod.tfvars')).toMatch(/db_high_availability\s*=\s*true/);
    expect(text(zonal, 'infra/bootstrap/main.tf')).toMatch(/account_replication_type\s*=\s*"ZRS"/);
    const flat = render(planFor({ ...T3, environments: ['prod'], region: 'northcentralus' }));
    expect(text(flat, 'infra/terraform/environments/prod.tfvars')).toMatch(/zones\s*=\s*\[\]/);
    expect(text(flat, 'infra/terraform/environments/prod.tfvars')).toMatch(/db_high_availability\s*=\s*false/);
    expect(text(flat, 'infra/bootstrap/main.tf')).toContain('"LRS"');
    expect(text(flat, 'infra/terraform/registry.tf')).toMatch(/zone_redundancy_enabled\s*=\s*length\(var.zones\) > 0/);
  });
});

describe('Azure: identities stay in their environment', () => {
  it("reads Terraform's grants back, confined to its environment's resource groups and state container", async () => {
    const answers = resolveAnswers({ name: 'shop-api', repository: 'acme/shop-api', ...T2, environments: ['dev', 'staging', 'production'] });
    const { facts } = await generate(answers);
    const dev = facts.iac.identities.find((i) => i.name === 'id-shop-api-dev-tf')!;
    expect(dev.purpose).toBe('infrastructure');
    expect(dev.statements[0]!.resources).toEqual([
      '/subscriptions/3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f/resourceGroups/rg-shop-api-dev-eastus2',
      '/subscriptions/3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f/resourceGroups/rg-shop-api-dev-eastus2/*',
    ]);
    // Lists the formatter breaks over several lines are read too.
    const prod = facts.iac.identities.find((i) => i.name === 'id-shop-api-production-tf')!;
    expect(prod.statements[0]!.resources[0]).toBe('/subscriptions/3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f/resourceGroups/rg-shop-api-production-eastus2');
    expect(facts.iac.identities.filter((i) => i.purpose === 'deploy').map((i) => i.environment)).toEqual(['dev', 'staging', 'production']);
  });

  it('finds a hand edit that gives dev\'s Terraform the production resource group', async () => {
    const answers = resolveAnswers({ name: 'shop-api', repository: 'acme/shop-api', ...T2 });
    const { tree, plan } = await generate(answers);
    const path = 'infra/bootstrap/main.tf';
    const edited = buildTree([...tree.values()].map((f) => (f.path === path ? { ...f, content: f.content.replace('resourceGroups/rg-shop-api-dev-eastus2"]', 'resourceGroups/rg-shop-api-prod-eastus2"]') } : f)));
    expect(text(edited, path)).not.toBe(text(tree, path));
    const findings = runRules(RULES, { plan, facts: extractFacts(edited, plan), tree: edited });
    expect(findings.map((f) => f.rule)).toContain('identities-stay-in-environment');
  });
});

describe('Azure: the way in and the pods', () => {
  it("names each environment's Application Gateway for Containers in its overlay, and admits the gateway's subnet", () => {
    const tree = render(planFor({ ...T2 }));
    const ingress = text(tree, 'deploy/k8s/base/ingress.yaml');
    expect(ingress).toContain('ingressClassName: azure-alb-external');
    expect(ingress).toContain('alb.networking.azure.io/alb-frontend: app');
    const prod = text(tree, 'deploy/k8s/overlays/prod/kustomization.yaml');
    expect(prod).toContain('/metadata/annotations/alb.networking.azure.io~1alb-id');
    expect(prod).toContain('/resourceGroups/rg-shop-api-prod-eastus2/providers/Microsoft.ServiceNetworking/trafficControllers/shop-api-prod');
    expect(text(tree, 'deploy/k8s/base/networkpolicy.yaml')).toContain('cidr: 10.20.4.0/24');
  });

  it("trusts the app's service account from the cluster's issuer, with read access to the target's vault only (T2)", () => {
    const keyvault = text(render(planFor({ ...T2 })), 'infra/terraform/keyvault.tf');
    expect(keyvault).toContain('subject             = "system:serviceaccount:shop-api:shop-api"');
    expect(keyvault).toContain('issuer              = azurerm_kubernetes_cluster.app.oidc_issuer_url');
    expect(keyvault).toContain('"Key Vault Secrets User"');
  });
});

describe('Azure: every consistency rule passes', () => {
  it.each([
    ['T1', { ...AZURE }],
    ['T2', { ...T2 }],
    ['T3', { ...T3 }],
  ] as const)('GitHub Actions × Azure at %s', async (_tier, answers) => {
    const generation = await generate(resolveAnswers({ name: 'shop-api', repository: 'acme/shop-api', ...answers }));
    expect(generation.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('Azure: answers', () => {
  const problems = (raw: PartialAnswers): string[] => {
    try {
      resolveAnswers({ name: 'a', ...raw });
      return [];
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return error.problems.map((p) => `${p.where}: ${p.message}`);
    }
  };

  it('defaults to eastus2, a placeholder subscription the next steps ask to replace, and one region at T3', () => {
    expect(resolveAnswers({ name: 'a', cloud: 'azure' })).toMatchObject({ region: 'eastus2', azure: { subscription: '00000000-0000-0000-0000-000000000000', tenant: '00000000-0000-0000-0000-000000000000' } });
    expect(resolveAnswers({ name: 'a', cloud: 'azure', tier: 'T3' }).secondaryRegion).toBe('none');
  });

  it('refuses what it cannot generate correctly yet, saying why and what to choose instead', () => {
    expect(problems({ ...AZURE, ci: 'gitlab-ci' })[0]).toMatch(/^ci: GitLab CI with Azure is not generated yet/);
    expect(problems({ ...AZURE, tier: 'T3', secondaryRegion: 'centralus' })[0]).toMatch(/^secondaryRegion: A second region \(centralus\) is not generated for Azure yet/);
    expect(problems({ ...AZURE, region: 'us-east-1' })).toEqual(['region: "us-east-1" is not a Azure region name']);
    expect(problems({ ...AZURE, clusterAdmins: ['user:alice@example.com'] })[0]).toMatch(/^clusterAdmins\[0\]/);
    expect(problems({ ...AZURE, clusterAdmins: ['11111111-2222-3333-4444-555555555555'] })).toEqual([]);
    expect(problems({ azure: { subscription: '3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' } })).toEqual(['azure: Azure settings are given, but cloud is aws']);
  });
});
