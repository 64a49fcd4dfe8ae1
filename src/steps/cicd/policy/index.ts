/** Policy as code (T3): the Rego policies, their unit tests, and the CI steps that enforce them. */
import type { Cloud } from '../../../config/answers.js';
import type { Plan } from '../../../plan/types.js';
import { azureTerraformRego, azureTerraformTestRego } from '../../../platforms/cloud/azure/terraform/policy.js';
import { gcpTerraformRego, gcpTerraformTestRego } from '../../../platforms/cloud/gcp/terraform/policy.js';
import type { Job, Step } from '../model.js';
import { kubernetesRego, kubernetesTestRego } from './kubernetes.js';
import { terraformRego, terraformTestRego } from './terraform.js';

export const POLICY_TEST_JOB = 'policy-test';

/** The plan policies of each cloud's resources, with their unit tests. */
const PLAN_POLICIES: Record<Cloud, { rego: () => string; test: () => string; summary: string }> = {
  aws: { rego: terraformRego, test: terraformTestRego, summary: 'Terraform plan policies: private, encrypted S3; private EKS endpoint; tags' },
  gcp: { rego: gcpTerraformRego, test: gcpTerraformTestRego, summary: 'Terraform plan policies: private GKE nodes and endpoint; private, protected Cloud SQL; labels' },
  azure: { rego: azureTerraformRego, test: azureTerraformTestRego, summary: 'Terraform plan policies: private AKS API, no local accounts, no registry admin user, private database; tags' },
};

/** Rego files by path; conftest loads every .rego in the directory (package main). */
export function policyFiles(plan: Pick<Plan, 'paths' | 'platforms'>): { path: string; content: string; summary: string }[] {
  const dir = plan.paths.policyDir;
  const tf = PLAN_POLICIES[plan.platforms.cloud];
  return [
    { path: `${dir}/terraform.rego`, content: tf.rego(), summary: tf.summary },
    { path: `${dir}/terraform_test.rego`, content: tf.test(), summary: 'Unit tests of the Terraform policies (opa test)' },
    { path: `${dir}/kubernetes.rego`, content: kubernetesRego(), summary: 'Manifest policies: non-root, no privilege escalation, resources, pinned images, no hostPath' },
    { path: `${dir}/kubernetes_test.rego`, content: kubernetesTestRego(), summary: 'Unit tests of the manifest policies (opa test)' },
  ];
}

/** After `terraform plan`: the plan as JSON, tested before it can be applied. */
export function conftestPlanSteps(plan: Pick<Plan, 'paths'>): Step[] {
  const tf = `terraform -chdir=${plan.paths.iacDir}`;
  return [
    { kind: 'install-tools', tools: ['conftest'] },
    {
      kind: 'run',
      name: 'Test the plan against the policies',
      id: 'conftest',
      run: `${tf} show -json tfplan > tfplan.json && conftest test tfplan.json -p ${plan.paths.policyDir}\n`,
    },
  ];
}

/** After the image is pinned: the rendered overlay, tested before anything is applied (conftest installed by the job). */
export function conftestManifestStep(plan: Pick<Plan, 'paths'>, kustomizeDir: string): Step {
  return {
    kind: 'run',
    name: 'Test the rendered manifests against the policies',
    id: 'conftest',
    run: `kubectl kustomize ${kustomizeDir} | conftest test -p ${plan.paths.policyDir} -\n`,
  };
}

/** The policies' own unit tests: a broken policy must not gate (or wave through) a deploy. */
export function policyTestJob(plan: Pick<Plan, 'paths'>): Job {
  return {
    id: POLICY_TEST_JOB,
    needs: [],
    runner: { kind: 'hosted' },
    timeoutMinutes: 5,
    grants: [],
    steps: [{ kind: 'checkout' }, { kind: 'install-tools', tools: ['opa'] }, { kind: 'run', run: `opa test ${plan.paths.policyDir} -v` }],
  };
}
