/** CI systems already configured in the repository, by their well-known files. */
import { listDir, readText } from './read.js';
import type { CiSystem } from './types.js';

const MARKERS: readonly [CiSystem['id'], string, string][] = [
  ['gitlab-ci', 'GitLab CI', '.gitlab-ci.yml'],
  ['jenkins', 'Jenkins', 'Jenkinsfile'],
  ['circleci', 'CircleCI', '.circleci/config.yml'],
  ['azure-pipelines', 'Azure Pipelines', 'azure-pipelines.yml'],
  ['bitbucket-pipelines', 'Bitbucket Pipelines', 'bitbucket-pipelines.yml'],
];

export function detectCi(dir: string): CiSystem[] {
  const found: CiSystem[] = listDir(dir, '.github/workflows')
    .filter((name) => /\.ya?ml$/.test(name))
    .slice(0, 1)
    .map((name) => ({ id: 'github-actions', title: 'GitHub Actions', file: `.github/workflows/${name}` }));
  for (const [id, title, file] of MARKERS) if (readText(dir, file) !== undefined) found.push({ id, title, file });
  return found;
}
