/**
 * Every generated name in one place. Steps and consistency rules read these,
 * so a name cannot drift between the file that defines it and the file that uses it.
 */
import type { MetricNames, Paths, StackLocation } from './types.js';

export const GENERATOR = 'create-devops-stack';

export const PATHS: Paths = {
  ciWorkflow: '.github/workflows/ci.yml',
  deployWorkflow: '.github/workflows/deploy.yml',
  dockerfile: 'Dockerfile',
  dockerignore: '.dockerignore',
  terraformDir: 'infra/terraform',
  bootstrapDir: 'infra/bootstrap',
  k8sDir: 'deploy/k8s',
  observabilityDir: 'deploy/observability',
  docsDir: 'docs/devops',
  rollbackScript: 'deploy/rollback.sh',
  answers: 'devops-stack.yaml',
  policyDir: 'policy',
  // docker-compose.yml rather than compose.yaml: Debian's docker-compose 1.29 (our validator) and older tooling find it.
  composeFile: 'docker-compose.yml',
  makefile: 'Makefile',
  envExample: '.env.example',
  localScriptsDir: 'scripts/local',
};

/**
 * The workflow paths of a stack. GitHub reads workflows only from the repository root's
 * .github/workflows, so a stack below the root (toRoot '../../') writes them there, named after
 * the stack so that the stacks of one repository never collide.
 */
export function workflowPaths(app: string, toRoot: string): Pick<Paths, 'ciWorkflow' | 'deployWorkflow'> {
  if (!toRoot) return { ciWorkflow: PATHS.ciWorkflow, deployWorkflow: PATHS.deployWorkflow };
  return { ciWorkflow: `${toRoot}.github/workflows/${app}-ci.yml`, deployWorkflow: `${toRoot}.github/workflows/${app}-deploy.yml` };
}

/**
 * A tree path of a repository-root file (`../../.github/workflows/api-ci.yml` from services/api)
 * as the repository sees it (`.github/workflows/api-ci.yml`); other paths as they are.
 */
export function fromRoot(location: Pick<StackLocation, 'toRoot'>, treePath: string): string {
  return location.toRoot && treePath.startsWith(location.toRoot) ? treePath.slice(location.toRoot.length) : treePath;
}

/** The GitHub variable of the deploy role ARN: per stack below the root, since the stacks of a repository share its environments. */
export function roleArnVariable(app: string, directory: string): string {
  return directory ? `${ROLE_ARN_VARIABLE}_${app.toUpperCase().replace(/-/g, '_')}` : ROLE_ARN_VARIABLE;
}

/** Prometheus client defaults in every language we support (prom-client, prometheus_client, client_golang, Micrometer with a rename). */
export const METRICS: MetricNames = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
  statusLabel: 'code',
};

export const VERSIONS = {
  terraform: '>= 1.10',
  awsProvider: '~> 6.25',
  vpcModule: '~> 6.0',
  eksModule: '~> 21.0',
  kubernetes: '1.34',
} as const;

/** uid above 10000 so that it never collides with a host user (kube-score). */
export const APP_UID = 10001;

export const PORT_NAME = 'http';

export const ROLE_ARN_VARIABLE = 'AWS_DEPLOY_ROLE_ARN';

/** GitHub Actions' OIDC issuer: IAM holds one provider for it per AWS account. */
export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';

export function clusterName(app: string, environment: string): string {
  return `${app}-${environment}`;
}

export function deployRoleName(app: string, environment: string): string {
  return `${app}-deploy-${environment}`;
}

export function stateKey(app: string, environment: string, region?: string): string {
  return region ? `${app}/${environment}/${region}/terraform.tfstate` : `${app}/${environment}/terraform.tfstate`;
}

/** Id of a deploy target: the environment for the primary region, `<env>-<region>` for the second. */
export function targetId(environment: string, region: string, primary: boolean): string {
  return primary ? environment : `${environment}-${region}`;
}

export const SLO_DEFAULTS = { availability: 0.999, latencyObjective: 0.99, latencySeconds: 0.5, windowDays: 30 } as const;

export const PROMETHEUS_ADDRESS = 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090';

export const OTEL = { namespace: 'observability', service: 'otel-collector', grpcPort: 4317, httpPort: 4318 } as const;

export function standardLabels(app: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/managed-by': GENERATOR,
  };
}
