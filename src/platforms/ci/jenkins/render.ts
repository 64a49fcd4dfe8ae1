/** The Jenkinsfile model as text, and the files it builds on: the agent image and the tools script. */
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import type { Pipeline } from '../../../steps/cicd/model.js';
import { installScript, toolsFor } from '../../../steps/cicd/tools.js';
import { groovyComment, groovyIdentifier } from '../../../render/groovy.js';
import { gq, shStep } from './groovy.js';
import { AGENT_DOCKERFILE, AGENT_TOOLS_SCRIPT, agentDockerfile } from './images.js';
import type { Agent, GroovyStep, Jenkinsfile, Stage } from './model.js';
import { jenkinsfileModel } from './stages.js';

const I = '  ';

function agentLine(agent: Agent, directory: string): string {
  const label = agent.label ? `; label ${gq(agent.label)}` : '';
  if (agent.kind === 'dockerfile') return `agent { dockerfile { dir ${gq(directory ? `${directory}/${agent.dir}` : agent.dir)}${label} } }`;
  return `agent { docker { image ${gq(agent.image)}${agent.args ? `; args ${gq(agent.args)}` : ''}${label} } }`;
}

function steps(list: readonly GroovyStep[], indent: string): string[] {
  return list.flatMap((s): string[] => {
    switch (s.kind) {
      case 'sh':
        return shStep(s.lines, indent);
      case 'stash':
        return [`${indent}stash name: ${gq(s.name)}, includes: ${gq(s.includes)}`];
      case 'unstash':
        return [`${indent}unstash ${gq(s.name)}`];
      case 'archive':
        return [`${indent}archiveArtifacts artifacts: ${gq(s.path)}, allowEmptyArchive: true`];
      case 'output':
        return [`${indent}script { env.${groovyIdentifier(s.variable)} = readFile(${gq(s.file)}).trim() }`];
      case 'milestone':
        return [`${indent}milestone ${s.ordinal}`];
      case 'node':
        return [`${indent}node {`, ...steps(s.steps, indent + I), `${indent}}`];
    }
  });
}

/** The pipeline variable holding the stack's directory below the repository root. */
export const STACK_DIR = 'STACK_DIR';

/**
 * Steps that use the workspace run in the stack's directory below the repository root (Jenkins
 * checks out the whole repository); stash and archive paths are then the stack's too.
 */
function inDirectory(list: readonly GroovyStep[], directory: string, indent: string): string[] {
  if (!directory || list.every((s) => s.kind === 'milestone')) return steps(list, indent);
  const inside = (l: readonly GroovyStep[], i: string): string[] =>
    l[0]?.kind === 'node' ? [`${i}node {`, ...inside(l[0].steps, i + I), `${i}}`] : [`${i}dir(env.${STACK_DIR}) {`, ...steps(l, i + I), `${i}}`];
  return inside(list, indent);
}

function stage(s: Stage, file: Jenkinsfile, indent: string): string[] {
  const i2 = indent + I;
  const i3 = i2 + I;
  // timeout(N) counts minutes.
  const timeout = s.timeout && (s.timeout.unit === 'MINUTES' ? `timeout(${s.timeout.time})` : `timeout(time: ${s.timeout.time}, unit: ${gq(s.timeout.unit)})`);
  const options = [...(s.lock ? [`lock(${gq(s.lock)})`] : []), ...(timeout ? [timeout] : [])];
  const out = [`${indent}stage(${gq(s.name)}) {`];
  // Decided before the lock, the approval and the agent: other branches neither queue nor prompt.
  if (s.branch) out.push(`${i2}when { ${s.lock || s.timeout || s.input || s.agent ? 'beforeOptions true; ' : ''}branch ${gq(s.branch)} }`);
  if (s.agent) out.push(`${i2}${agentLine(s.agent, file.directory)}`);
  if (s.environment?.length) {
    out.push(`${i2}environment {`);
    for (const [name, v] of s.environment) out.push(`${i3}${groovyIdentifier(name)} = ${'credential' in v ? `credentials(${gq(v.credential)})` : gq(v.literal)}`);
    out.push(`${i2}}`);
  }
  if (options.length) out.push(`${i2}options { ${options.join('; ')} }`);
  if (s.input) out.push(`${i2}input { message ${gq(s.input.message)}; submitter ${gq(s.input.submitter)} }`);
  for (const [key, children] of [['stages', s.stages], ['parallel', s.parallel]] as const) {
    if (!children) continue;
    out.push(`${i2}${key} {`, ...children.flatMap((c) => stage(c, file, i3)), `${i2}}`);
  }
  if (s.steps) out.push(`${i2}steps {`, ...inDirectory(s.steps, file.directory, i3), `${i2}}`);
  const post = Object.entries(s.post ?? {}).filter(([, l]) => l?.length) as [string, GroovyStep[]][];
  if (post.length) {
    out.push(`${i2}post {`);
    for (const [condition, l] of post) out.push(`${i3}${condition} {`, ...inDirectory(l, file.directory, i3 + I), `${i3}}`);
    out.push(`${i2}}`);
  }
  out.push(`${indent}}`);
  return out;
}

export function jenkinsfileText(file: Jenkinsfile): string {
  return [
    ...file.header.map(groovyComment),
    'pipeline {',
    `${I}agent none`,
    `${I}environment {`,
    ...[...file.environment, ...(file.directory ? [[STACK_DIR, file.directory] as const] : [])].map(([k, v]) => `${I}${I}${groovyIdentifier(k)} = ${gq(v)}`),
    `${I}}`,
    `${I}stages {`,
    ...file.stages.flatMap((s) => stage(s, file, I + I)),
    `${I}}`,
    ...(file.post ? [`${I}post {`, `${I}${I}always {`, ...inDirectory(file.post.always, file.directory, I.repeat(3)), `${I}${I}}`, `${I}}`] : []),
    '}',
    '',
  ].join('\n');
}

/** The tools script installs into the agent image at its build (a directory on its PATH, root's at build time). */
export const toolsHost = (path: string) => ({ path, binDir: '/usr/local/bin', addToPath: [] });

export function renderJenkins(pipeline: Pipeline, plan: Plan): VirtualFile[] {
  const file = (path: string, content: string, summary: string): VirtualFile => ({ path, content, producer: 'cicd', summary });
  const envs = plan.environments.map((e) => e.name).join(' → ');
  const tools = toolsFor(plan);
  return [
    file(
      plan.paths.ciWorkflow,
      jenkinsfileText(jenkinsfileModel(plan, pipeline)),
      plan.features.multiEnvironment
        ? `Jenkinsfile: tests, image build and security gates on every branch; on main one image promoted with its digest, ${envs}, production after approval`
        : `Jenkinsfile: tests and image build on every branch; on main Terraform, image push and rollout, ${envs} after approval`,
    ),
    file(`${AGENT_DOCKERFILE}`, agentDockerfile(plan), 'Agent image of the stages that reach the cloud: its CLI, Terraform, kubectl, kustomize and crane, pinned'),
    ...(tools.length
      ? [{ ...file(AGENT_TOOLS_SCRIPT, installScript(tools, toolsHost(AGENT_TOOLS_SCRIPT)), `Installs ${tools.join(', ')} into the agent image at pinned versions, checksum verified`), executable: true }]
      : []),
  ];
}
