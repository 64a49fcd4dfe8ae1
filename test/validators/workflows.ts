/**
 * What the validators need out of GitHub Actions files: the steps (with the line of their `run:`
 * script) and the `uses:` references, for workflows and for local composite actions.
 */
import { isScalar, Scalar } from 'yaml';
import { type PathSeg, type Tree, type TreeFile, type YamlDoc, type YamlFile, isRecord, isWorkflowPath, nodeAt, parseYaml } from './common.js';

export const isActionMetadataPath = (p: string): boolean => /^\.github\/actions\/.+\/action\.ya?ml$/.test(p);

export interface RunStep {
  file: TreeFile;
  /** `jobs.build.steps[2]` */
  where: string;
  stepName?: string;
  script: string;
  /** 1-based line in the file of the script's first line. */
  firstLine: number;
  /** Effective shell: step, then job defaults, then workflow defaults, then bash. */
  shell: string;
}

export interface UsesRef {
  file: TreeFile;
  where: string;
  value: string;
  line?: number;
}

function docOf(file: TreeFile): { yf: YamlFile; doc: YamlDoc } | undefined {
  const yf = parseYaml(file);
  const doc = yf.docs[0];
  return doc && isRecord(doc.value) ? { yf, doc } : undefined;
}

function shellOf(defaults: unknown): string | undefined {
  if (!isRecord(defaults) || !isRecord(defaults.run)) return undefined;
  return typeof defaults.run.shell === 'string' ? defaults.run.shell : undefined;
}

/** Line where the script text starts: the line after a block scalar's `|`, else the value's line. */
export function scriptLine(yf: YamlFile, doc: YamlDoc, path: readonly PathSeg[]): number {
  const { node, key } = nodeAt(doc.doc, path);
  const offset = node?.range?.[0] ?? key?.range?.[0] ?? 0;
  const line = yf.lines.linePos(offset).line;
  const block = isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED);
  return block ? line + 1 : line;
}

function stepsOf(file: TreeFile): { steps: unknown[]; base: PathSeg[]; where: string; shell?: string }[] {
  const parsed = docOf(file);
  if (!parsed) return [];
  const root = parsed.doc.value as Record<string, unknown>;
  if (isActionMetadataPath(file.path)) {
    const runs = root.runs;
    if (isRecord(runs) && Array.isArray(runs.steps)) return [{ steps: runs.steps, base: ['runs', 'steps'], where: 'runs.steps' }];
    return [];
  }
  const out: { steps: unknown[]; base: PathSeg[]; where: string; shell?: string }[] = [];
  if (!isRecord(root.jobs)) return out;
  const wfShell = shellOf(root.defaults);
  for (const [jobId, job] of Object.entries(root.jobs)) {
    if (!isRecord(job) || !Array.isArray(job.steps)) continue;
    out.push({ steps: job.steps, base: ['jobs', jobId, 'steps'], where: `jobs.${jobId}.steps`, shell: shellOf(job.defaults) ?? wfShell });
  }
  return out;
}

export function actionsFiles(tree: Tree): TreeFile[] {
  return [...tree.values()].filter((f) => isWorkflowPath(f.path) || isActionMetadataPath(f.path));
}

export function runSteps(tree: Tree): RunStep[] {
  const out: RunStep[] = [];
  for (const file of actionsFiles(tree)) {
    const parsed = docOf(file);
    if (!parsed) continue;
    for (const group of stepsOf(file)) {
      group.steps.forEach((step, i) => {
        if (!isRecord(step) || typeof step.run !== 'string') return;
        out.push({
          file,
          where: `${group.where}[${i}]`,
          stepName: typeof step.name === 'string' ? step.name : undefined,
          script: step.run,
          firstLine: scriptLine(parsed.yf, parsed.doc, [...group.base, i, 'run']),
          shell: typeof step.shell === 'string' ? step.shell : (group.shell ?? 'bash'),
        });
      });
    }
  }
  return out;
}

export function usesRefs(tree: Tree): UsesRef[] {
  const out: UsesRef[] = [];
  for (const file of actionsFiles(tree)) {
    const parsed = docOf(file);
    if (!parsed) continue;
    const root = parsed.doc.value as Record<string, unknown>;
    const lineOf = (path: PathSeg[]): number | undefined => {
      const { node } = nodeAt(parsed.doc.doc, path);
      return node?.range ? parsed.yf.lines.linePos(node.range[0]).line : undefined;
    };
    if (isRecord(root.jobs)) {
      for (const [jobId, job] of Object.entries(root.jobs)) {
        if (isRecord(job) && typeof job.uses === 'string') {
          out.push({ file, where: `jobs.${jobId}.uses`, value: job.uses, line: lineOf(['jobs', jobId, 'uses']) });
        }
      }
    }
    for (const group of stepsOf(file)) {
      group.steps.forEach((step, i) => {
        if (isRecord(step) && typeof step.uses === 'string') {
          out.push({ file, where: `${group.where}[${i}]`, value: step.uses, line: lineOf([...group.base, i, 'uses']) });
        }
      });
    }
  }
  return out;
}
