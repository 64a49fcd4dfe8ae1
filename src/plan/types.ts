import type { Answers, Cloud, Stack, Strategy, Tier } from '../config/answers.js';

/** One deployment environment and every name derived for it. */
export interface EnvironmentPlan {
  name: string;
  /** Last in promotion order. */
  isProduction: boolean;
  clusterName: string;
  region: string;
  /** Key of this environment's Terraform state in the state bucket. */
  stateKey: string;
  tfvarsPath: string;
  backendConfigPath: string;
  /** IAM role that this environment's deploy jobs assume through GitHub OIDC. */
  deployRoleName: string;
  /** OIDC subject the deploy role trusts: repo:OWNER/NAME:environment:ENV. */
  oidcSubject: string;
  replicas: { min: number; max: number };
}

export interface MetricNames {
  /** Counter of HTTP requests, labelled with the status code. */
  requests: string;
  /** Histogram of request durations in seconds. */
  duration: string;
  /** Label on `requests` that holds the HTTP status code. */
  statusLabel: string;
}

export interface Paths {
  ciWorkflow: string;
  deployWorkflow: string;
  dockerfile: string;
  dockerignore: string;
  terraformDir: string;
  bootstrapDir: string;
  k8sDir: string;
  observabilityDir: string;
  docsDir: string;
  rollbackScript: string;
  answers: string;
}

/** A command CI runs and the guides quote, with the directory it runs in. */
export interface Command {
  description: string;
  run: string;
}

export interface EnvironmentCommands {
  terraformInit: Command;
  terraformPlan: Command;
  terraformApply: Command;
  kubeconfig: Command;
  setImage: Command;
  applyObservability: Command;
  applyManifests: Command;
  waitForRollout: Command;
  rollback: Command;
}

/**
 * The facts every step shares, derived once from the answers by derivePlan().
 * Steps read only this; they never read the disk or each other's files.
 */
export interface Plan {
  answers: Answers;
  name: string;
  tier: Tier;
  stack: Stack;
  cloud: Cloud;
  strategy: Strategy;
  region: string;
  repository: string;
  namespace: string;
  labels: Record<string, string>;
  app: {
    port: number;
    /** Name of the container port and the Service port; probes and ServiceMonitor refer to it. */
    portName: string;
    healthPath: string;
    readinessPath: string;
    metricsPath: string;
    containerName: string;
    /** Non-root uid/gid the image and the pod run as. */
    uid: number;
  };
  image: {
    /** ECR repository name. */
    repository: string;
    /** The name manifests use for the image; CI replaces it with registry/repository@digest. */
    placeholder: string;
  };
  metrics: MetricNames;
  terraform: {
    requiredVersion: string;
    awsProviderVersion: string;
    vpcModuleVersion: string;
    eksModuleVersion: string;
    kubernetesVersion: string;
    stateBucket: string;
  };
  environments: EnvironmentPlan[];
  paths: Paths;
  /** GitHub environment variable that holds the deploy role ARN (not a secret: an ARN grants nothing by itself). */
  roleArnVariable: string;
  commands: {
    bootstrap: Command[];
    perEnvironment: Record<string, EnvironmentCommands>;
  };
}
