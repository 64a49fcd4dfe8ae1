/**
 * Every CI system the repository already configures, by its well-known files. Workflows the
 * lock says we generated are ours, not the user's: they are listed apart (`generated`).
 */
import type { Repo } from '../repo.js';
import type { CiId, CiSystem } from '../types.js';

const MARKERS: readonly [CiId, string, readonly string[]][] = [
  ['gitlab-ci', 'GitLab CI', ['.gitlab-ci.yml', '.gitlab-ci.yaml']],
  ['jenkins', 'Jenkins', ['Jenkinsfile']],
  ['circleci', 'CircleCI', ['.circleci/config.yml', '.circleci/config.yaml']],
  ['azure-pipelines', 'Azure Pipelines', ['azure-pipelines.yml', 'azure-pipelines.yaml', '.azure-pipelines.yml']],
  ['travis', 'Travis CI', ['.travis.yml', '.travis.yaml']],
  ['bitbucket-pipelines', 'Bitbucket Pipelines', ['bitbucket-pipelines.yml']],
  ['drone', 'Drone', ['.drone.yml', '.drone.yaml']],
  ['buildkite', 'Buildkite', ['.buildkite/pipeline.yml', '.buildkite/pipeline.yaml', 'buildkite.yml']],
];

/** `prefix`: '' for the stack's directory, '../../' for the repository root above it. */
export function detectCi(repo: Repo, prefix = ''): CiSystem[] {
  const found: CiSystem[] = [];
  const workflows = repo
    .list(`${prefix}.github/workflows`)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `${prefix}.github/workflows/${name}`);
  if (workflows.length) found.push({ id: 'github-actions', title: 'GitHub Actions', file: workflows[0]!, files: workflows });
  for (const [id, title, candidates] of MARKERS) {
    const files = candidates.map((c) => `${prefix}${c}`).filter((f) => repo.read(f, 1) !== undefined);
    if (files.length) found.push({ id, title, file: files[0]!, files });
  }
  return found;
}
