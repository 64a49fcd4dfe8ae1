/**
 * Jenkinsfiles (`Jenkinsfile`, `Jenkinsfile.<name>`, `*.jenkinsfile`):
 * - npm-groovy-lint 16.1.1 for Groovy syntax (groovy-lint.ts: batched, cached per content), on the
 *   JDK of the machine (`java` on PATH);
 * - our structural rules for declarative pipelines, which Groovy does not know: one `pipeline`
 *   with `agent` and `stages`; known directives at each level (pipeline, stage, post, when,
 *   options); every stage has exactly one of steps/stages/parallel/matrix; an `input` (approval)
 *   names a `message` and a `submitter`; a stage that deploys (deploy/release/promote/rollout/
 *   production in its name) runs under `lock(…)` or in a pipeline with disableConcurrentBuilds();
 * - `sh` bodies go to shellcheck (via `jenkinsScripts`), Groovy interpolations replaced by words.
 */
import { dirname } from 'node:path';
import { type Finding, type RunContext, type Tree, type TreeFile, baseName, closest, withContext } from './common.js';
import type { CiScript } from './ci-scripts.js';
import { groovyLint } from './groovy-lint.js';
import { type Block, parseBlocks, shSteps } from './jenkins-structure.js';

export const JENKINSFILE = 'jenkinsfile';

export const isJenkinsfilePath = (p: string): boolean => /^Jenkinsfile(\.[\w-]+)?$/.test(baseName(p)) || /\.jenkinsfile$/i.test(p);

const PIPELINE = new Set(['agent', 'environment', 'options', 'parameters', 'triggers', 'tools', 'stages', 'post', 'libraries']);
const STAGE = new Set(['agent', 'environment', 'input', 'options', 'when', 'tools', 'steps', 'stages', 'parallel', 'matrix', 'post', 'failFast']);
const BODY = ['steps', 'stages', 'parallel', 'matrix'];
const POST = new Set(['always', 'changed', 'fixed', 'regression', 'aborted', 'failure', 'success', 'unstable', 'unsuccessful', 'cleanup', 'notBuilt']);
const WHEN = new Set(['branch', 'buildingTag', 'changelog', 'changeset', 'changeRequest', 'environment', 'equals', 'expression', 'tag', 'not', 'allOf', 'anyOf', 'triggeredBy', 'beforeAgent', 'beforeInput', 'beforeOptions', 'beforeWhen']);
const OPTIONS = new Set([
  'buildDiscarder', 'checkoutToSubdirectory', 'disableConcurrentBuilds', 'disableResume', 'durabilityHint', 'newContainerPerStage', 'overrideIndexTriggers', 'parallelsAlwaysFailFast',
  'preserveStashes', 'quietPeriod', 'retry', 'skipDefaultCheckout', 'skipStagesAfterUnstable', 'timeout', 'timestamps', 'ansiColor', 'lock', 'rateLimitBuilds', 'copyArtifactPermission', 'githubProjectProperty', 'gitLabConnection',
]);
const DEPLOY = /deploy|release|promote|rollout|production/i;

function structure(file: TreeFile): Finding[] {
  const findings: Finding[] = [];
  const push = (line: number, message: string): void => {
    findings.push({ validator: JENKINSFILE, file: file.path, location: `line ${line}`, message });
  };
  const top = parseBlocks(file.content);
  const pipelines = top.filter((b) => b.name === 'pipeline');
  if (pipelines.length !== 1) {
    push(1, pipelines.length ? `${pipelines.length} pipeline blocks: a declarative Jenkinsfile has one` : 'no `pipeline { … }` block: not a declarative Jenkinsfile');
    return findings;
  }
  const pipeline = pipelines[0]!;
  const directive = (b: Block, allowed: Set<string>, what: string): void => {
    for (const c of b.children) {
      if (c.name && !allowed.has(c.name)) {
        const hint = closest(c.name, allowed);
        push(c.line, `unknown directive "${c.name}" in ${what}${hint ? ` (did you mean "${hint}"?)` : ''}`);
      }
    }
  };
  const child = (b: Block, name: string): Block | undefined => b.children.find((c) => c.name === name);
  directive(pipeline, PIPELINE, 'pipeline');
  if (!child(pipeline, 'agent') && !pipeline.statements.some((s) => s.word === 'agent')) push(pipeline.line, 'pipeline has no agent');
  const stages = child(pipeline, 'stages');
  if (!stages) push(pipeline.line, 'pipeline has no stages');
  const options = child(pipeline, 'options');
  const pipelineSerial = Boolean(options?.statements.some((s) => s.word === 'disableConcurrentBuilds' || s.word === 'lock'));

  const checkPost = (b: Block | undefined): void => {
    if (b) directive(b, POST, 'post');
  };
  const checkOptions = (b: Block | undefined): void => {
    for (const s of b?.statements ?? []) if (!OPTIONS.has(s.word)) push(s.line, `unknown option "${s.word}"${closest(s.word, OPTIONS) ? ` (did you mean "${closest(s.word, OPTIONS)}"?)` : ''}`);
  };
  checkPost(child(pipeline, 'post'));
  checkOptions(options);

  // `deploying`: inside a stage named as a deploy, whose nested stages do its work and need the lock.
  const checkStages = (list: Block | undefined, serial: boolean, deploying = false): void => {
    for (const st of list?.children ?? []) {
      if (st.name !== 'stage') {
        if (st.name) push(st.line, `"${st.name}" inside stages: only stage('…') blocks belong there`);
        continue;
      }
      const name = /^\s*['"](.*)['"]\s*$/.exec(st.args)?.[1];
      if (!name) push(st.line, 'stage without a literal name: stage(\'Build\') { … }');
      directive(st, STAGE, `stage '${name ?? '?'}'`);
      const bodies = st.children.filter((c) => c.name && BODY.includes(c.name));
      if (bodies.length !== 1) push(st.line, `stage '${name ?? '?'}' must have exactly one of steps, stages, parallel, matrix (found ${bodies.map((b) => b.name).join(', ') || 'none'})`);
      const when = child(st, 'when');
      if (when) for (const s of when.statements) if (!WHEN.has(s.word)) push(s.line, `unknown when condition "${s.word}"`);
      const stOptions = child(st, 'options');
      checkOptions(stOptions);
      checkPost(child(st, 'post'));
      const input = child(st, 'input');
      if (input) {
        if (!input.statements.some((s) => s.word === 'message')) push(input.line, `input of stage '${name ?? '?'}' has no message`);
        if (!input.statements.some((s) => s.word === 'submitter')) push(input.line, `input of stage '${name ?? '?'}' has no submitter: anyone who can build the job could approve it`);
      }
      const steps = child(st, 'steps');
      const stepsBody = steps?.body ?? '';
      for (const m of stepsBody.matchAll(/\binput\s*\(?\s*(?:message\s*:|['"])/g)) {
        const call = stepsBody.slice(m.index, m.index + 300);
        if (!/submitter\s*:/.test(call)) push(st.line, `input step in stage '${name ?? '?'}' has no submitter: anyone who can build the job could approve it`);
      }
      const locked = serial || Boolean(stOptions?.statements.some((s) => s.word === 'lock')) || /\block\s*\(/.test(steps?.body ?? '');
      // A stage with steps runs the deploy; a group stage (stages/parallel/matrix) leaves it to its stages.
      const deploys = deploying || Boolean(name && DEPLOY.test(name));
      // An approval (input) waits for a person: it must not hold the environment's lock meanwhile.
      if (deploys && steps && !input && !locked) push(st.line, `stage '${name ?? '?'}' deploys without lock(…) or options { disableConcurrentBuilds() }: two builds could deploy at once`);
      for (const nested of ['stages', 'parallel']) checkStages(child(st, nested), locked, deploys);
      const matrix = child(st, 'matrix');
      if (matrix) checkStages(child(matrix, 'stages'), locked, deploys);
    }
  };
  checkStages(stages, pipelineSerial);
  return findings;
}

export async function checkJenkinsfile(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const files = [...tree.values()].filter((f) => isJenkinsfilePath(f.path));
  if (!files.length) return [];
  const findings = files.flatMap(structure);
  await withContext(tree, ctx, async (rc) => {
    const tools = rc.tools(JENKINSFILE, ['java']);
    if (!tools) return;
    const errors = await groovyLint(
      files.map((f) => f.content),
      dirname(tools.java!),
    );
    files.forEach((f, i) => {
      for (const e of errors[i]!) findings.push({ validator: JENKINSFILE, file: f.path, location: e.line ? `line ${e.line}` : undefined, message: `npm-groovy-lint: ${e.message}` });
    });
  });
  return findings;
}

/** The `sh` steps of every Jenkinsfile, for shellcheck. */
export function jenkinsScripts(tree: Tree): CiScript[] {
  return [...tree.values()]
    .filter((f) => isJenkinsfilePath(f.path))
    .flatMap((file) => shSteps(file.content).map((s) => ({ file, where: `sh (line ${s.lines[0]})`, text: s.script, lines: s.lines, dialect: s.dialect })));
}
