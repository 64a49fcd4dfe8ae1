/**
 * GitLab CI: every `.gitlab-ci.yml` of the tree (its directory is taken as the repository root)
 * with the local files it includes, recursively.
 * - gitlab-ci-local 4.60.1 parses the pipeline (includes, extends, !reference, rules, stages,
 *   needs) and GitLab's CI JSON schema validates the expanded result (gitlab-ci-local.ts);
 *   `remote:`, `project:`, `template:` and `component:` includes need the network, so they are
 *   left out of that copy (jobs must not extend or need jobs defined only in them);
 * - our structural rules (gitlab-rules.ts) on the expanded jobs;
 * - every `script:`/`before_script:`/`after_script:` goes to shellcheck (shellcheck.ts, via
 *   `gitlabScripts`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { type Finding, type RunContext, type Tree, isRecord, withContext } from './common.js';
import { runGitlabCiLocal } from './gitlab-ci-local.js';
import { GITLAB_CI, GLOBAL_KEYS, type Pipeline, includeList, jobLocation, pipelines } from './gitlab-pipelines.js';
import { gitlabRules } from './gitlab-rules.js';

export { GITLAB_CI } from './gitlab-pipelines.js';

/** The pipeline's files as gitlab-ci-local should see them: network includes removed. */
function offlineCopy(p: Pipeline): { path: string; content: string }[] {
  const prefix = p.dir ? `${p.dir}/` : '';
  return p.files.map((f) => {
    const rel = f.path.slice(prefix.length);
    if (!p.external.some((e) => e.file === f)) return { path: rel, content: f.content };
    const doc = parseDocument(f.content);
    const kept = includeList(doc.toJS().include).filter((inc) => (typeof inc === 'string' ? !/^https?:\/\//.test(inc) : isRecord(inc) && typeof inc.local === 'string'));
    if (kept.length) doc.set('include', kept);
    else doc.delete('include');
    return { path: rel, content: String(doc) };
  });
}

export async function checkGitlabCi(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const all = pipelines(tree);
  if (!all.length) return [];
  return withContext(tree, ctx, async (rc) => {
    const tools = rc.tools(GITLAB_CI, ['git']);
    if (!tools) return [];
    const findings: Finding[] = [];
    for (const p of all) {
      const copy = offlineCopy(p);
      const key = createHash('sha256').update(JSON.stringify(copy)).digest('hex');
      const dir = rc.scratch('gitlab-ci');
      for (const f of copy) {
        mkdirSync(dirname(join(dir, f.path)), { recursive: true });
        writeFileSync(join(dir, f.path), f.content);
      }
      const result = await runGitlabCiLocal(dir, key, tools.git!);
      if (result.error) findings.push({ validator: GITLAB_CI, file: p.root.path, message: `gitlab-ci-local: ${result.error}` });
      for (const e of result.schema) {
        const job = e.path.split('.')[0] ?? '';
        const at = job && !GLOBAL_KEYS.has(job) ? jobLocation(p, job) : { file: p.root, location: e.path };
        findings.push({ validator: GITLAB_CI, file: at.file.path, location: `${at.location}${e.path.includes('.') ? ` ${e.path}` : ''}`, message: `GitLab CI schema: ${e.message}` });
      }
      if (result.expanded) findings.push(...gitlabRules(p, result.expanded));
    }
    return findings;
  });
}

