/**
 * gitlab-ci-local 4.60.1 (`--list --json-schema-validation`), run in-process: its parser
 * (includes, extends, !reference, default:, rules, needs, stages, its own checks) on a copy of the
 * pipeline's files, then GitLab's CI JSON schema (bundled with it) over the expanded result, with
 * the same ajv options it uses. In-process and cached because a process per file costs 2–5 s
 * (node start, loading, compiling the 1 MB schema every run): here the schema is compiled once per
 * process, and the git data (branch, remote, commit) is read once from a temporary git repository
 * made for it, since every pipeline we validate sees the same repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

interface Loaded {
  Argv: typeof import('gitlab-ci-local/src/argv.js').Argv;
  Parser: typeof import('gitlab-ci-local/src/parser.js').Parser;
  WriteStreamsMock: typeof import('gitlab-ci-local/src/write-streams.js').WriteStreamsMock;
  betterAjvErrors: typeof import('gitlab-ci-local/src/schema-error.js').betterAjvErrors;
  validate: ValidateFunction;
}

let loaded: Promise<Loaded> | undefined;

function load(gitPath: string): Promise<Loaded> {
  loaded ??= (async () => {
    const [{ Argv }, { Parser }, { GitData }, { WriteStreamsMock }, schema, { betterAjvErrors }, { ParserIncludes }] = await Promise.all([
      import('gitlab-ci-local/src/argv.js'),
      import('gitlab-ci-local/src/parser.js'),
      import('gitlab-ci-local/src/git-data.js'),
      import('gitlab-ci-local/src/write-streams.js'),
      import('gitlab-ci-local/src/schema/index.js'),
      import('gitlab-ci-local/src/schema-error.js'),
      import('gitlab-ci-local/src/parser-includes.js'),
    ]);
    // It lists the repository's files for include:local with globby's `gitignore` option, which
    // only works under process.cwd(): list the copy's files directly instead.
    ParserIncludes.memoLocalRepoFiles = (dir: string) => listFiles(dir);
    // One real repository for the git data every run reads (gitlab-ci-local needs one).
    const repo = mkdtempSync(join(tmpdir(), 'gitlab-ci-local-repo-'));
    const git = (...args: string[]): void => {
      execFileSync(gitPath, ['-c', 'user.name=validator', '-c', 'user.email=validator@example.com', ...args], { cwd: repo, stdio: 'ignore' });
    };
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'https://gitlab.example.com/group/project.git');
    git('commit', '-q', '--allow-empty', '-m', 'init');
    const gitData = await GitData.init(relative(process.cwd(), repo), new WriteStreamsMock());
    GitData.init = async () => gitData;
    // The options of gitlab-ci-local's own Validator.jsonSchemaValidation.
    const ajv = new Ajv({ verbose: true, allErrors: true, allowUnionTypes: true, validateFormats: false, strictTypes: false, keywords: ['markdownDescription'] });
    return { Argv, Parser, WriteStreamsMock, betterAjvErrors, validate: ajv.compile(schema.default) };
  })();
  return loaded;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !/\/(\.git|\.gitlab-ci-local|\.gcl-home)\//.test(p));
}

export interface GclResult {
  /** The parser stopped: its message (one problem; it stops at the first). */
  error?: string;
  /** Schema findings over the expanded configuration: dotted path (`deploy.when`) and message. */
  schema: { path: string; message: string }[];
  /** The expanded configuration (extends, includes, defaults applied), when parsing succeeded. */
  expanded?: Record<string, unknown>;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const cache = new Map<string, Promise<GclResult>>();

/**
 * Parses and validates `.gitlab-ci.yml` in `dir` (files already written there). `key` names the
 * content (every file of the pipeline): the same content is validated once per process.
 */
export function runGitlabCiLocal(dir: string, key: string, gitPath: string): Promise<GclResult> {
  let hit = cache.get(key);
  if (!hit) {
    hit = validateDir(dir, gitPath);
    cache.set(key, hit);
  }
  return hit;
}

async function validateDir(dir: string, gitPath: string): Promise<GclResult> {
  const { Argv, Parser, WriteStreamsMock, betterAjvErrors, validate } = await load(gitPath);
  const home = join(dir, '.gcl-home');
  mkdirSync(home, { recursive: true });
  const ws = new WriteStreamsMock();
  let parser: InstanceType<typeof Parser>;
  try {
    const argv = await Argv.build(
      // --cwd must be relative; rules:changes would run `git diff` in the test's own directory.
      { cwd: relative(process.cwd(), dir) || '.', file: '.gitlab-ci.yml', home, list: true, jsonSchemaValidation: false, evaluateRuleChanges: false, noColor: true },
      ws,
    );
    parser = await Parser.create(argv, ws, 0, []);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { error: message.replace(ANSI, '').trim(), schema: [] };
  }
  const expanded = parser.gitlabData;
  const ok = validate(expanded);
  const schema = ok ? [] : betterAjvErrors({ data: expanded, errors: validate.errors ?? [] }).map((e) => ({ path: e.path, message: `${e.message.replace(ANSI, '')} [${e.schemaPath}]` }));
  return { schema, expanded };
}
