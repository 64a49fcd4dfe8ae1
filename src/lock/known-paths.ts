/**
 * Every path this generator can write, for any answers, as patterns: `{label}` is a DNS label
 * (a stack's or environment's name), `{a|b}` one of the words, `{up}` the way up from a stack to
 * its repository root (`../`, once per directory level). A path a lock (or a run's journal) names
 * is removed only if it matches: a lock edited to name `src/app.js` or `../../.github/CODEOWNERS`
 * never deletes them. test/known-paths.test.ts proves that every path of the validation matrix
 * matches, and that every pattern is used, so the list follows the generator.
 *
 * Paths that earlier versions wrote and this one no longer does are added here, under
 * EARLIER, so that an upgrade can still remove them.
 */
const LABEL = '[a-z](?:[-a-z0-9]*[a-z0-9])?';

const CURRENT = [
  'devops-stack.yaml',
  'devops-stack.lock.json',
  'Dockerfile',
  '.dockerignore',
  '.env.example',
  'Makefile',
  'docker-compose.yml',
  '.github/actionlint.yaml',
  '.github/dependabot.yml',
  '.github/scripts/install-tools.sh',
  '.github/workflows/ci.yml',
  '.github/workflows/deploy.yml',
  '{up}.github/workflows/{label}-ci.yml',
  '{up}.github/workflows/{label}-deploy.yml',
  'deploy/rollback.sh',
  'deploy/k8s/{deployment|hpa|kustomization|namespace|pdb|service|serviceaccount}.yaml',
  'deploy/k8s/base/{analysistemplate|deployment|hpa|kustomization|namespace|networkpolicy|pdb|rollout-services|rollout|service|serviceaccount}.yaml',
  'deploy/k8s/migration/{job|kustomization|networkpolicy|serviceaccount}.yaml',
  'deploy/k8s/overlays/{label}/kustomization.yaml',
  'deploy/observability/{alertmanagerconfig|kustomization|prometheusrule|servicemonitor}.yaml',
  'deploy/observability/dashboards/{label}-red.json',
  'deploy/observability/otel-collector/{collector|kustomization}.yaml',
  'deploy/observability/tests/alerts.test.yml',
  'docs/devops/{deployment-strategy|integration-guide|observability|setup-guide|validation-checklist}.md',
  'infra/bootstrap/main.tf',
  'infra/terraform/{app-identity|database|ecr|eks|outputs|providers|security-monitoring|variables|versions|vpc}.tf',
  // An environment, or an environment and its second region (prod-us-west-2): both DNS labels.
  'infra/terraform/environments/{label}.{tfvars|s3.tfbackend}',
  'infra/terraform/modules/account-audit/{main|outputs|variables}.tf',
  'policy/{kubernetes|kubernetes_test|terraform|terraform_test}.rego',
  'scripts/local/start.sh',
];

/** Paths earlier versions generated that this one does not: none yet. */
const EARLIER: string[] = [];

function toRegex(pattern: string): string {
  return pattern
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (part === '{label}') return LABEL;
      if (part === '{up}') return '(?:\\.\\./)+';
      if (part.startsWith('{')) return `(?:${part.slice(1, -1).split('|').map(escape).join('|')})`;
      return escape(part);
    })
    .join('');
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const KNOWN_PATTERNS: readonly string[] = [...CURRENT, ...EARLIER];

const KNOWN = new RegExp(`^(?:${KNOWN_PATTERNS.map(toRegex).join('|')})$`);

/** Whether this generator writes (or an earlier version wrote) this tree path, for some answers. */
export function isKnownPath(path: string): boolean {
  return KNOWN.test(path);
}

/** The pattern a path matches (for the test that every pattern is in use). */
export function patternOf(path: string): string | undefined {
  return KNOWN_PATTERNS.find((p) => new RegExp(`^${toRegex(p)}$`).test(path));
}
