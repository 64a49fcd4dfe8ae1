/**
 * The guided run's questions, grouped by the step they shape and asked in this order.
 * Each has the flag that answers it, a one-line why, and a default taken from the
 * answers so far (goal, detected repository, answers file, flags, earlier questions).
 */
import { PACKAGE_MANAGERS, type Answers, type Strategy } from '../config/answers.js';
import { registry } from '../platforms/registry.js';
import { leaveOutOptions } from './leave-out.js';

export type ChainStep = 'service' | 'cicd' | 'iac' | 'observability' | 'deployment';

export const CHAIN_TITLES: Record<ChainStep, string> = {
  service: 'Service',
  cicd: 'CI/CD',
  iac: 'Infrastructure as code',
  observability: 'Observability',
  deployment: 'Deployment',
};

export interface Choice {
  value: string;
  label: string;
  hint?: string;
  disabled?: boolean;
}

export interface Question {
  /** Answers field path: "stack", "app.port". */
  id: string;
  step: ChainStep;
  flag: string;
  message: string;
  why: string;
  kind: 'select' | 'multiselect' | 'text';
  choices?: (a: Answers) => Choice[];
  /** Asked only when this holds for the answers so far. */
  when?: (a: Answers) => boolean;
  /** Text input → the answers value (e.g. "8080" → 8080, "dev, prod" → ["dev","prod"]). */
  parse?: (text: string) => unknown;
}

const notYet = (values: string[]): Choice[] => values.map((v) => ({ value: v, label: v, hint: 'not supported yet', disabled: true }));
const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);

export const QUESTIONS: readonly Question[] = [
  { id: 'name', step: 'service', flag: '--name', kind: 'text', message: 'Service name', why: 'names the cluster, registry, namespace, roles and workloads' },
  {
    id: 'tier',
    step: 'service',
    flag: '--tier',
    kind: 'select',
    message: 'How much should be generated?',
    why: 'the tier decides environments, gates, progressive delivery and compliance',
    choices: () => [
      { value: 'T1', label: 'T1 essentials', hint: 'one environment, pipeline, cluster, monitoring' },
      { value: 'T2', label: 'T2 production', hint: 'dev/staging/prod, security gates, approvals, canary or blue-green, SLOs, tracing' },
      { value: 'T3', label: 'T3 enterprise', hint: 'T2 + SBOM and signing, policy as code, multi-region, migrations' },
    ],
  },
  {
    id: 'stack',
    step: 'cicd',
    flag: '--stack',
    kind: 'select',
    message: 'Language of the service',
    why: 'selects the build, test and cache steps and the Dockerfile',
    choices: () => [
      { value: 'node', label: 'Node.js / TypeScript' },
      { value: 'python', label: 'Python' },
      { value: 'go', label: 'Go' },
      { value: 'java', label: 'Java / Kotlin (JVM)' },
    ],
  },
  {
    id: 'app.packageManager',
    step: 'cicd',
    flag: '--package-manager',
    kind: 'select',
    message: 'Package manager or build tool',
    why: 'CI and the image install, cache and build with it',
    choices: (a) => PACKAGE_MANAGERS[a.stack].map((m) => ({ value: m, label: m })),
  },
  { id: 'app.runtimeVersion', step: 'cicd', flag: '--runtime-version', kind: 'text', message: 'Runtime version', why: 'CI and the image use the same one' },
  { id: 'app.commands.test', step: 'cicd', flag: '--test-command', kind: 'text', message: 'Test command (or none)', why: 'CI runs it on every push and pull request' },
  { id: 'branch', step: 'cicd', flag: '--branch', kind: 'text', message: 'Branch that deploys', why: 'the workflows run on pushes to it' },
  { id: 'ci', step: 'cicd', flag: '--ci', kind: 'select', message: 'CI/CD platform', why: 'the pipelines are written for it', choices: () => [{ value: 'github-actions', label: 'GitHub Actions' }, { value: 'gitlab-ci', label: 'GitLab CI' }, { value: 'jenkins', label: 'Jenkins' }, { value: 'circleci', label: 'CircleCI' }, { value: 'azure-devops', label: 'Azure DevOps' }] },
  { id: 'repository', step: 'cicd', flag: '--repository', kind: 'text', message: 'Repository (GitHub OWNER/NAME, GitLab GROUP/PROJECT)', why: 'the deploy roles trust only this repository' },
  { id: 'cloud', step: 'iac', flag: '--cloud', kind: 'select', message: 'Cloud', why: 'infrastructure, registry and identity live there', choices: () => [{ value: 'aws', label: 'AWS' }, { value: 'gcp', label: 'Google Cloud' }, { value: 'azure', label: 'Azure' }] },
  { id: 'gcp.project', step: 'iac', flag: '--gcp-project', kind: 'text', message: 'Google Cloud project id', why: 'every resource and CI identity is created in it', when: (a) => a.cloud === 'gcp' },
  { id: 'azure.subscription', step: 'iac', flag: '--azure-subscription', kind: 'text', message: 'Azure subscription id', why: 'every resource and CI identity is created in it', when: (a) => a.cloud === 'azure' },
  { id: 'azure.tenant', step: 'iac', flag: '--azure-tenant', kind: 'text', message: 'Entra ID tenant id', why: 'CI signs in to it', when: (a) => a.cloud === 'azure' },
  { id: 'iac', step: 'iac', flag: '--iac', kind: 'select', message: 'Infrastructure-as-code tool', why: 'writes the network, cluster and registry', choices: (a) => [{ value: 'terraform', label: 'Terraform' }, ...(a.cloud === 'aws' ? [{ value: 'cloudformation', label: 'CloudFormation' }] : notYet(['cloudformation'])), ...notYet(['pulumi', 'opentofu'])] },
  { id: 'region', step: 'iac', flag: '--region', kind: 'text', message: 'Primary region', why: 'where the cluster and the state bucket are created' },
  { id: 'secondaryRegion', step: 'iac', flag: '--secondary-region', kind: 'text', message: 'Second production region (or none)', why: 'production is deployed there after the primary passes its gate', when: (a) => a.tier === 'T3' },
  { id: 'app.metricsPath', step: 'observability', flag: '--metrics-path', kind: 'text', message: 'Prometheus metrics path (or none)', why: 'the ServiceMonitor scrapes it; alerts, dashboards and canary analysis query it' },
  { id: 'target', step: 'deployment', flag: '--target', kind: 'select', message: 'Where it runs', why: 'the manifests and deploy jobs target it', choices: (a) => [{ value: 'kubernetes', label: a.cloud === 'gcp' ? 'Kubernetes (GKE Autopilot)' : a.cloud === 'azure' ? 'Kubernetes (AKS)' : 'Kubernetes (EKS)' }, ...(a.cloud === 'aws' ? [{ value: 'containers', label: 'Containers (ECS on Fargate)' }] : notYet([a.cloud === 'azure' ? 'container apps' : 'cloud run'])), ...notYet(['lambda'])] },
  {
    id: 'strategy',
    step: 'deployment',
    flag: '--strategy',
    kind: 'select',
    message: 'Release strategy',
    why: 'how a new version replaces the old one',
    choices: (a) => [
      { value: 'rolling', label: 'rolling', hint: 'pods replaced gradually, no downtime' },
      { value: 'recreate', label: 'recreate', hint: 'stop all, then start: never two versions at once' },
      { value: 'canary', label: 'canary', hint: a.tier === 'T1' ? 'needs T2: you will be offered to switch' : 'a share of traffic first, promoted by analysis' },
      { value: 'blue-green', label: 'blue-green', hint: a.tier === 'T1' ? 'needs T2: you will be offered to switch' : 'preview beside the old version, then switch' },
      // A strategy the target has no generated mechanism for is shown, not offered (its refusal says why).
    ].map((c) => (registry().target[a.target].strategies.includes(c.value as Strategy) ? c : { ...c, hint: `not generated for ${registry().target[a.target].title} yet`, disabled: true })),
  },
  { id: 'environments', step: 'deployment', flag: '--environments', kind: 'text', message: 'Environments, in promotion order (comma-separated)', why: 'one deploy job, state and cluster each; the last is production', when: (a) => a.tier !== 'T1', parse: list },
  {
    id: 'backingServices',
    step: 'deployment',
    flag: '--services',
    kind: 'multiselect',
    message: 'Backing services the app uses',
    why: 'local docker-compose services; postgres becomes RDS with migrations at T3',
    choices: () => [
      { value: 'postgres', label: 'PostgreSQL' },
      { value: 'redis', label: 'Redis' },
      ...['mysql', 'mongodb', 'elasticsearch', 'opensearch', 'rabbitmq', 'kafka'].map((v) => ({ value: v, label: v, hint: 'detected only: not generated yet' })),
    ],
  },
  { id: 'app.port', step: 'deployment', flag: '--port', kind: 'text', message: 'Container port', why: 'the Service, probes and the monitor use it', parse: (t) => (/^\d+$/.test(t.trim()) ? Number(t.trim()) : t) },
  { id: 'app.healthPath', step: 'deployment', flag: '--health-path', kind: 'text', message: 'Liveness path (or none)', why: 'restarts the pod when it stops answering' },
  { id: 'app.readinessPath', step: 'deployment', flag: '--readiness-path', kind: 'text', message: 'Readiness path (or none)', why: 'traffic only reaches pods that answer it' },
  {
    // Last, so that the strategy (which decides whether observability can go) is known.
    id: 'skip',
    step: 'service',
    flag: '--skip',
    kind: 'multiselect',
    message: 'Leave a step out? (none selected: generate all four)',
    why: 'only steps the others can do without are offered; infrastructure and deployment are always generated',
    choices: (a) => leaveOutOptions(a).filter((o) => o.possible).map((o) => ({ value: o.step, label: CHAIN_TITLES[o.step], hint: o.reason })),
  },
];

/** Questions with a single enabled choice are shown in the chain but not asked. */
export function isAsked(question: Question, answers: Answers): boolean {
  if (question.when && !question.when(answers)) return false;
  if (question.kind === 'multiselect' && question.choices) return question.choices(answers).some((c) => !c.disabled);
  if (question.kind === 'select' && question.choices) return question.choices(answers).filter((c) => !c.disabled).length > 1;
  return true;
}

export function showValue(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  return value === undefined ? '' : String(value);
}
