import type { ConsistencyRule } from '../rule.js';

/** Strips a tag or digest: "app:1.2" and "app@sha256:…" are both the image "app". */
export function imageName(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/** The image CI builds and pins is the image the workload manifests run. */
export const imagePushedIsPulled: ConsistencyRule = {
  id: 'image-pushed-is-pulled',
  description: 'CI sets the image that the manifests pull, in the kustomize directory that holds the workload.',
  needs: ['cicd', 'deployment'],
  check({ facts }) {
    const workload = facts.deployment.workload;
    if (!workload) {
      return [{
        message: `no workload manifest found in ${facts.deployment.kustomizeDir}`,
        files: [facts.deployment.kustomizeDir],
        remedy: 'Re-run the generator to restore the deployment manifests.',
      }];
    }
    return facts.cicd.deploys.flatMap((deploy) => {
      const problems = [];
      if (deploy.imagePlaceholder !== imageName(workload.image)) {
        problems.push({
          message: `${deploy.file} replaces image "${deploy.imagePlaceholder}", but ${workload.file} runs image "${workload.image}": the pushed image would never be deployed`,
          files: [deploy.file, workload.file],
          remedy: `Make the image that kustomize edit set image replaces in ${deploy.file} and the container image in ${workload.file} the same name ("${imageName(workload.image)}").`,
        });
      }
      const expected = facts.deployment.environments.find((e) => e.environment === deploy.environment)?.kustomizeDir ?? facts.deployment.kustomizeDir;
      if (deploy.kustomizeDir !== expected) {
        problems.push({
          message: `${deploy.file} sets the ${deploy.environment} image in ${deploy.kustomizeDir || '(nowhere)'}, but ${deploy.environment} is built from ${expected}`,
          files: [deploy.file, workload.file],
          remedy: `Run the set-image step in ${expected}.`,
        });
      }
      return problems;
    });
  },
};
