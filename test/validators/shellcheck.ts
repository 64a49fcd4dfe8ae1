/**
 * shellcheck (/usr/bin/shellcheck, all severities) over
 * - every shell script of the tree: `*.sh`, `*.bash`, and files with a bash/sh shebang;
 * - every `run:` script of the steps of workflows and local composite actions whose shell is
 *   bash or sh (the runner default is bash). Each `${{ … }}` is replaced by the plain word
 *   `_GHA_EXPR_<n>_` first: the runner pastes the expression's text in before the shell starts,
 *   so a word is what the shell sees; quoting of untrusted expressions is the hardening check's job.
 * - the scripts of the other CI platforms (ci-scripts.ts): GitLab `script:`/`before_script:`/
 *   `after_script:`, CircleCI `run:`, Azure Pipelines `script:`/`bash:`/Bash@3 inline scripts,
 *   Jenkins `sh` bodies, each platform's template syntax replaced by words first.
 * All inputs go to at most two shellcheck processes (bash, and POSIX sh for `#!/bin/sh` scripts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Finding, type RunContext, type Tree, type TreeFile, run, withContext } from './common.js';
import { runSteps } from './workflows.js';
import type { CiScript } from './ci-scripts.js';
import { azureScripts } from './azure-pipelines.js';
import { circleciScripts } from './circleci.js';
import { gitlabScripts } from './gitlab-pipelines.js';
import { jenkinsScripts } from './jenkinsfile.js';

/** Scripts embedded in the CI files of the other platforms. */
function ciScripts(tree: Tree): CiScript[] {
  return [...gitlabScripts(tree), ...circleciScripts(tree), ...azureScripts(tree), ...jenkinsScripts(tree)];
}

export const SHELLCHECK = 'shellcheck';

interface ScComment {
  file: string;
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

const SHEBANG = /^#!\s*(?:\/usr\/bin\/env\s+(?:-S\s+)?)?(?:\/usr)?(?:\/bin\/)?(bash|sh|dash|ksh)\b/;

export function shellScripts(tree: Tree): { file: TreeFile; dialect: 'bash' | 'sh' }[] {
  const out: { file: TreeFile; dialect: 'bash' | 'sh' }[] = [];
  for (const file of tree.values()) {
    const m = SHEBANG.exec(file.content.split('\n', 1)[0] ?? '');
    if (m) out.push({ file, dialect: m[1] === 'bash' ? 'bash' : 'sh' });
    else if (/\.(sh|bash)$/.test(file.path)) out.push({ file, dialect: 'bash' });
  }
  return out;
}

const EXPR = /\$\{\{[\s\S]*?\}\}/g;

/** `${{ … }}` replaced by plain words, line structure kept. */
export function substituteExpressions(script: string): string {
  let n = 0;
  return script.replace(EXPR, () => `_GHA_EXPR_${n++}_`);
}

function shellName(shell: string): string {
  return (shell.trim().split(/\s+/)[0] ?? '').replace(/^.*\//, '');
}

interface Input {
  diskName: string;
  content: string;
  dialect: 'bash' | 'sh';
  report: (c: ScComment) => Finding;
}

export async function checkShellcheck(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const inputs: Input[] = [];
  for (const { file, dialect } of shellScripts(tree)) {
    inputs.push({
      diskName: `s${inputs.length}.sh`,
      content: file.content,
      dialect,
      report: (c) => ({ validator: SHELLCHECK, file: file.path, location: `line ${c.line}, col ${c.column}`, message: `SC${c.code} (${c.level}): ${c.message}` }),
    });
  }
  for (const step of runSteps(tree)) {
    const shell = shellName(step.shell);
    if (shell !== 'bash' && shell !== 'sh') continue;
    inputs.push({
      diskName: `s${inputs.length}.sh`,
      content: substituteExpressions(step.script),
      dialect: shell,
      report: (c) => ({
        validator: SHELLCHECK,
        file: step.file.path,
        location: `${step.where}${step.stepName ? ` (${step.stepName})` : ''} run: line ${step.firstLine + c.line - 1}, col ${c.column}`,
        message: `SC${c.code} (${c.level}): ${c.message}`,
      }),
    });
  }
  for (const script of ciScripts(tree)) {
    inputs.push({
      diskName: `s${inputs.length}.sh`,
      content: script.text,
      dialect: script.dialect,
      report: (c) => ({
        validator: SHELLCHECK,
        file: script.file.path,
        location: `${script.where}: line ${script.lines[c.line - 1] ?? script.lines[0]}, col ${c.column}`,
        message: `SC${c.code} (${c.level}): ${c.message}`,
      }),
    });
  }
  if (!inputs.length) return [];

  return withContext(tree, ctx, async (rc) => {
    const tools = rc.tools(SHELLCHECK, ['shellcheck']);
    if (!tools) return [];
    const dir = rc.scratch('shellcheck');
    const byName = new Map<string, Input>();
    for (const input of inputs) {
      writeFileSync(join(dir, input.diskName), input.content);
      byName.set(input.diskName, input);
    }
    const findings: Finding[] = [];
    for (const dialect of ['bash', 'sh'] as const) {
      const names = inputs.filter((i) => i.dialect === dialect).map((i) => i.diskName);
      if (!names.length) continue;
      const res = await run(tools.shellcheck!, ['-s', dialect, '-f', 'json', ...names], { cwd: dir });
      if (res.code !== 0 && res.code !== 1) {
        throw new Error(`shellcheck failed (exit ${res.code}): ${res.stderr.trim()}`);
      }
      const comments = JSON.parse(res.stdout || '[]') as ScComment[];
      for (const c of comments) {
        const input = byName.get(c.file);
        if (input) findings.push(input.report(c));
      }
    }
    return findings;
  });
}
