/**
 * GitHub Actions the generator uses, pinned to the full commit SHA of a release tag.
 * Source: shared/action-pins.tsv (SHAs verified from each action's git tags, annotated tags dereferenced).
 * Dependabot in generated repositories keeps them current after generation.
 */
export interface ActionPin {
  tag: string;
  sha: string;
}

export const ACTION_PINS = {
  'actions/checkout': { tag: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1' },
  'actions/setup-node': { tag: 'v7.0.0', sha: '820762786026740c76f36085b0efc47a31fe5020' },
  'actions/setup-python': { tag: 'v7.0.0', sha: '5fda3b95a4ea91299a34e894583c3862153e4b97' },
  'actions/setup-go': { tag: 'v7.0.0', sha: 'b7ad1dad31e06c5925ef5d2fc7ad053ef454303e' },
  'actions/setup-java': { tag: 'v5.7.0', sha: 'b6effb05e454b25005698d916606bdc6ffcbf961' },
  'actions/cache': { tag: 'v5.0.5', sha: '27d5ce7f107fe9357f9df03efb73ab90386fccae' },
  'actions/upload-artifact': { tag: 'v7.0.0', sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f' },
  'actions/download-artifact': { tag: 'v8.0.1', sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c' },
  'aws-actions/configure-aws-credentials': { tag: 'v6.2.3', sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c' },
  'aws-actions/amazon-ecr-login': { tag: 'v2.1.7', sha: '03f1aad4c6c7ffd436567f42f9384779290529bd' },
  'docker/setup-buildx-action': { tag: 'v4.3.0', sha: '37fe631027851001ddb9b187196cc803df7f5f0e' },
  'docker/login-action': { tag: 'v4.1.0', sha: '4907a6ddec9925e35a0a9e82d7399ccc52663121' },
  'docker/build-push-action': { tag: 'v7.3.0', sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a' },
  'docker/metadata-action': { tag: 'v6.2.0', sha: 'dc802804100637a589fabce1cb79ff13a1411302' },
  'hashicorp/setup-terraform': { tag: 'v4.0.1', sha: 'dfe3c3f87815947d99a8997f908cb6525fc44e9e' },
  'azure/login': { tag: 'v3.0.1', sha: 'f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca' },
  'google-github-actions/auth': { tag: 'v3.0.0', sha: '7c6bc770dae815cd3e89ee6cdf493a5fab2cc093' },
  'sigstore/cosign-installer': { tag: 'v4.1.2', sha: '6f9f17788090df1f26f669e9d70d6ae9567deba6' },
  'anchore/sbom-action': { tag: 'v0.24.0', sha: 'e22c389904149dbc22b58101806040fa8d37a610' },
  'aquasecurity/trivy-action': { tag: 'v0.36.0', sha: 'ed142fd0673e97e23eac54620cfb913e5ce36c25' },
  'github/codeql-action': { tag: 'v4.36.2', sha: '8aad20d150bbac5944a9f9d289da16a4b0d87c1e' },
  'azure/setup-kubectl': { tag: 'v5.1.0', sha: '829323503d1be3d00ca8346e5391ca0b07a9ab0d' },
  'actions/attest-build-provenance': { tag: 'v4.1.0', sha: 'a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32' },
  'actions/attest': { tag: 'v4.2.2', sha: '1e69f48acb82d1966a394da916b4c1698aa569d6' },
  'step-security/harden-runner': { tag: 'v2.20.1', sha: 'b09bb98e06d4d774595224525879c09bc6e98c40' },
} as const satisfies Record<string, ActionPin>;

export type PinnedAction = keyof typeof ACTION_PINS;

/**
 * `uses:` value for an action, pinned by SHA. `path` selects an action inside the
 * repository (github/codeql-action/init).
 */
export function uses(action: PinnedAction, path?: string): string {
  return `${action}${path ? `/${path}` : ''}@${ACTION_PINS[action].sha}`;
}

const TAG_BY_SHA = new Map<string, string>(Object.values(ACTION_PINS).map((p) => [p.sha, p.tag]));

export function tagForSha(sha: string): string | undefined {
  return TAG_BY_SHA.get(sha);
}
