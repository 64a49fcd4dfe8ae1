import type { Answers } from '../config/answers.js';
import { shCommand } from '../render/shell.js';
import {
  APP_UID,
  METRICS,
  PATHS,
  PORT_NAME,
  ROLE_ARN_VARIABLE,
  VERSIONS,
  clusterName,
  deployRoleName,
  standardLabels,
  stateKey,
} from './conventions.js';
import type { Command, EnvironmentCommands, EnvironmentPlan, Plan } from './types.js';

/** The one pure function from answers to the facts every step shares. */
export function derivePlan(answers: Answers): Plan {
  const environments = answers.environments.map((name, index): EnvironmentPlan => {
    const isProduction = index === answers.environments.length - 1;
    return {
      name,
      isProduction,
      clusterName: clusterName(answers.name, name),
      region: answers.region,
      stateKey: stateKey(answers.name, name),
      tfvarsPath: `environments/${name}.tfvars`,
      backendConfigPath: `environments/${name}.s3.tfbackend`,
      deployRoleName: deployRoleName(answers.name, name),
      oidcSubject: `repo:${answers.repository}:environment:${name}`,
      replicas: isProduction ? { min: 2, max: 6 } : { min: 2, max: 3 },
    };
  });

  const plan: Plan = {
    answers,
    name: answers.name,
    tier: answers.tier,
    stack: answers.stack,
    cloud: answers.cloud,
    strategy: answers.strategy,
    region: answers.region,
    repository: answers.repository,
    namespace: answers.name,
    labels: standardLabels(answers.name),
    app: {
      ...answers.app,
      portName: PORT_NAME,
      containerName: answers.name,
      uid: APP_UID,
    },
    image: { repository: answers.name, placeholder: answers.name },
    metrics: METRICS,
    terraform: {
      requiredVersion: VERSIONS.terraform,
      awsProviderVersion: VERSIONS.awsProvider,
      vpcModuleVersion: VERSIONS.vpcModule,
      eksModuleVersion: VERSIONS.eksModule,
      kubernetesVersion: VERSIONS.kubernetes,
      stateBucket: answers.stateBucket,
    },
    environments,
    paths: PATHS,
    roleArnVariable: ROLE_ARN_VARIABLE,
    commands: { bootstrap: bootstrapCommands(), perEnvironment: {} },
  };
  for (const env of environments) plan.commands.perEnvironment[env.name] = environmentCommands(plan, env);
  return plan;
}

function bootstrapCommands(): Command[] {
  const dir = `-chdir=${PATHS.bootstrapDir}`;
  return [
    { description: 'Initialise the bootstrap stack (local state)', run: shCommand('terraform', dir, 'init') },
    { description: 'Create the state bucket, the GitHub OIDC provider and the deploy roles', run: shCommand('terraform', dir, 'apply') },
    { description: 'Print the deploy role ARNs to set as GitHub environment variables', run: shCommand('terraform', dir, 'output', 'deploy_role_arns') },
  ];
}

function environmentCommands(plan: Plan, env: EnvironmentPlan): EnvironmentCommands {
  const tf = `-chdir=${plan.paths.terraformDir}`;
  const workload = `deployment/${plan.name}`;
  return {
    terraformInit: {
      description: `Initialise Terraform with the ${env.name} state`,
      run: shCommand('terraform', tf, 'init', '-input=false', `-backend-config=${env.backendConfigPath}`),
    },
    terraformPlan: {
      description: `Plan the ${env.name} infrastructure`,
      run: shCommand('terraform', tf, 'plan', '-input=false', `-var-file=${env.tfvarsPath}`, '-out=tfplan'),
    },
    terraformApply: {
      description: `Apply the reviewed ${env.name} plan`,
      run: shCommand('terraform', tf, 'apply', '-input=false', 'tfplan'),
    },
    kubeconfig: {
      description: `Point kubectl at ${env.clusterName}`,
      run: shCommand('aws', 'eks', 'update-kubeconfig', '--name', env.clusterName, '--region', env.region),
    },
    setImage: {
      description: 'Pin the manifests to the image just pushed, by digest',
      // IMAGE is set by the workflow to REGISTRY/REPOSITORY@sha256:…; the double quotes keep it one word.
      run: `cd ${plan.paths.k8sDir} && kustomize edit set image "${plan.image.placeholder}=\${IMAGE}"`,
    },
    applyObservability: {
      description: 'Apply the ServiceMonitor, alert rules and dashboard',
      run: shCommand('kubectl', 'apply', '-k', plan.paths.observabilityDir),
    },
    applyManifests: {
      description: 'Apply the workload manifests',
      run: shCommand('kubectl', 'apply', '-k', plan.paths.k8sDir),
    },
    waitForRollout: {
      description: 'Wait until every new pod is ready',
      run: shCommand('kubectl', 'rollout', 'status', workload, '-n', plan.namespace, '--timeout=5m'),
    },
    rollback: {
      description: 'Roll back to the previous ReplicaSet',
      run: shCommand(plan.paths.rollbackScript),
    },
  };
}
