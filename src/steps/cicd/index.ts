/**
 * CI/CD: the pipeline built once in neutral terms (ci-jobs.ts, deploy-jobs.ts: tests and build on
 * every change, Terraform then rollout per environment), rendered by the chosen CI platform's
 * adapter; plus what every platform builds from: the Dockerfile and the policies (T3).
 */
import type { FileTree, VirtualFile } from '../../core/files.js';
import type { CicdFacts } from '../facts.js';
import { imageFacts } from './image-facts.js';
import type { Plan } from '../../plan/types.js';
import { ciOf } from '../../platforms/registry.js';
import type { Step } from '../step.js';
import { ciWorkflow } from './ci-jobs.js';
import { deployWorkflow } from './deploy-jobs.js';
import { dockerfile, dockerignore } from './dockerfile.js';
import type { Pipeline } from './model.js';
import { policyFiles } from './policy/index.js';

export function buildPipeline(plan: Plan): Pipeline {
  return { ci: ciWorkflow(plan), deploy: deployWorkflow(plan) };
}

function render(plan: Plan): VirtualFile[] {
  const file = (path: string, content: string, summary: string): VirtualFile => ({ path, content, producer: 'cicd', summary });
  return [
    ...ciOf(plan).render(buildPipeline(plan), plan),
    file(plan.paths.dockerfile, dockerfile(plan), `Multi-stage ${plan.stack} image, running as uid ${plan.app.uid}`),
    file(plan.paths.dockerignore, dockerignore(plan, ciOf(plan).buildContextExcludes?.(plan) ?? []), 'Keeps history, secrets and infrastructure out of the image'),
    ...(plan.features.policyAsCode ? policyFiles(plan).map((p) => file(p.path, p.content, p.summary)) : []),
  ];
}

export const cicdStep: Step<'cicd'> = {
  id: 'cicd',
  title: 'CI/CD pipeline',
  dependsOn: ['iac', 'deployment'],
  render,
  extract,
};

/** The CI platform's facts, read by its adapter, and what every platform builds from: the policies and the image. */
function extract(tree: FileTree, plan: Plan): CicdFacts {
  const policies = [...tree.values()]
    .filter((f) => f.path.startsWith(`${plan.paths.policyDir}/`) && f.path.endsWith('.rego'))
    .map((f) => ({ file: f.path, content: f.content }));
  const image = imageFacts(plan.paths.dockerfile, tree.get(plan.paths.dockerfile)?.content);
  return { ...ciOf(plan).extract(tree, plan), policies, image };
}
