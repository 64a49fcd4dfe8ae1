/**
 * GitLab pipelines of a tree: every `.gitlab-ci.yml` (its directory taken as the repository root)
 * with the local files it includes, recursively; where jobs are defined; their scripts.
 */
import { type Tree, type TreeFile, baseName, dirName, isRecord, lineAt, parseYaml } from './common.js';
import { type CiScript, wordsFor, yamlScript } from './ci-scripts.js';

export const GITLAB_CI = 'gitlab-ci';

export const isGitlabCiPath = (p: string): boolean => baseName(p) === '.gitlab-ci.yml';

/** Top-level keys that are not jobs. */
export const GLOBAL_KEYS = new Set(['include', 'image', 'services', 'stages', 'before_script', 'after_script', 'variables', 'cache', 'workflow', 'default', 'spec']);

export interface Pipeline {
  root: TreeFile;
  /** The repository root the pipeline sees ('' for the tree root). */
  dir: string;
  /** The root file and every local include reached from it. */
  files: TreeFile[];
  /** Includes that need the network: where, and the include as written. */
  external: { file: TreeFile; value: Record<string, unknown> }[];
}

export function includeList(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function globToRegExp(glob: string): RegExp {
  const esc = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*');
  return new RegExp(`^${esc}$`);
}

export function pipelines(tree: Tree): Pipeline[] {
  return [...tree.values()]
    .filter((f) => isGitlabCiPath(f.path))
    .map((root) => {
      const dir = dirName(root.path) === '.' ? '' : dirName(root.path);
      const prefix = dir ? `${dir}/` : '';
      const files: TreeFile[] = [];
      const external: Pipeline['external'] = [];
      const visit = (file: TreeFile): void => {
        if (files.includes(file)) return;
        files.push(file);
        const value = parseYaml(file).docs[0]?.value;
        if (!isRecord(value)) return;
        for (const inc of includeList(value.include)) {
          const local = typeof inc === 'string' ? (/^https?:\/\//.test(inc) ? undefined : inc) : isRecord(inc) && typeof inc.local === 'string' ? inc.local : undefined;
          if (local === undefined) {
            external.push({ file, value: isRecord(inc) ? inc : { remote: inc } });
            continue;
          }
          if (local.includes('$')) continue;
          const re = globToRegExp(`${prefix}${local.replace(/^\//, '')}`);
          for (const p of tree.keys()) if (re.test(p)) visit(tree.get(p)!);
        }
      };
      visit(root);
      return { root, dir, files, external };
    });
}

/** Job-like entries (jobs and hidden `.templates`) of a pipeline file, with their names. */
export function jobEntries(value: unknown): [string, Record<string, unknown>][] {
  if (!isRecord(value)) return [];
  return Object.entries(value).filter((e): e is [string, Record<string, unknown>] => !GLOBAL_KEYS.has(e[0]) && isRecord(e[1]));
}

/** File and line where a job is defined (the first file of the pipeline that has it). */
export function jobLocation(p: Pipeline, job: string): { file: TreeFile; location: string } {
  for (const file of p.files) {
    const yf = parseYaml(file);
    const doc = yf.docs[0];
    if (doc && isRecord(doc.value) && job in doc.value) return { file, location: `job ${job} (line ${lineAt(yf, doc, [job]) ?? doc.line})` };
  }
  return { file: p.root, location: `job ${job}` };
}

const GITLAB_WORDS = wordsFor(/\$\[\[[\s\S]*?\]\]/g, 'GL_INPUT');

function dialectOf(job: Record<string, unknown>, fallback: unknown): 'bash' | 'sh' {
  const image = job.image ?? fallback;
  const name = typeof image === 'string' ? image : isRecord(image) && typeof image.name === 'string' ? image.name : '';
  return /alpine|busybox/.test(name) ? 'sh' : 'bash';
}

/** Every script of every GitLab pipeline file (jobs, hidden templates, default:), for shellcheck. */
export function gitlabScripts(tree: Tree): CiScript[] {
  const out: CiScript[] = [];
  const seen = new Set<TreeFile>();
  for (const p of pipelines(tree)) {
    for (const file of p.files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const yf = parseYaml(file);
      const doc = yf.docs[0];
      if (!doc || !isRecord(doc.value)) continue;
      const root = doc.value;
      const defaults = isRecord(root.default) ? root.default : {};
      const globalImage = defaults.image ?? root.image;
      const holders: [string[], Record<string, unknown>][] = [[[], root], [['default'], defaults], ...jobEntries(root).map(([name, job]): [string[], Record<string, unknown>] => [[name], job])];
      for (const [path, holder] of holders) {
        for (const key of path.length ? ['before_script', 'script', 'after_script'] : ['before_script', 'after_script']) {
          if (!(key in holder)) continue;
          const s = yamlScript(file, yf, doc, [...path, key], holder[key], [...path, key].join('.'), dialectOf(holder, globalImage), GITLAB_WORDS);
          if (s) out.push(s);
        }
      }
    }
  }
  return out;
}
