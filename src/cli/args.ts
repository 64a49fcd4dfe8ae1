/**
 * Command-line parsing with node:util parseArgs (no dependency, nothing to load).
 * Each answer flag maps onto a field of devops-stack.yaml.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError, type Problem } from '../core/errors.js';
import { nearest } from './suggest.js';

export interface CliOptions {
  command: 'generate' | 'upgrade' | 'check' | 'help' | 'version';
  dir: string;
  config?: string;
  yes: boolean;
  dryRun: boolean;
  force: boolean;
  json: boolean;
  /** upgrade: run even with uncommitted changes or outside git. */
  allowDirty: boolean;
  /** Every directory given (check accepts several; a monorepo root finds the stacks below it). */
  dirs: string[];
  /** check: also write the findings as SARIF 2.1.0 to this file. */
  sarif?: string;
  /** check: render and re-run the rules even for a stack the lock shows unchanged. */
  full: boolean;
  /** --goal "python API on EKS with canary releases": answers inferred from words (src/goal/). */
  goal?: string;
  /** Answers given as flags, in answers-file shape. */
  answers: Record<string, unknown>;
}

/** Flag → answers field; list-valued flags take comma-separated values. */
const ANSWER_FLAGS = {
  name: 'name',
  tier: 'tier',
  stack: 'stack',
  ci: 'ci',
  cloud: 'cloud',
  'gcp-project': 'gcp.project',
  'azure-subscription': 'azure.subscription',
  'azure-tenant': 'azure.tenant',
  iac: 'iac',
  target: 'target',
  strategy: 'strategy',
  environments: 'environments',
  region: 'region',
  'secondary-region': 'secondaryRegion',
  services: 'backingServices',
  'cluster-admins': 'clusterAdmins',
  repository: 'repository',
  'ci-server': 'ciServer',
  'ci-job': 'ciJob',
  branch: 'branch',
  'package-manager': 'app.packageManager',
  'runtime-version': 'app.runtimeVersion',
  'test-command': 'app.commands.test',
  port: 'app.port',
  'health-path': 'app.healthPath',
  'readiness-path': 'app.readinessPath',
  'metrics-path': 'app.metricsPath',
  skip: 'skip',
} as const;
const LIST_FLAGS = new Set(['environments', 'services', 'cluster-admins', 'skip']);

export const USAGE = `Usage: create-devops-stack [dir...] [options]
       create-devops-stack upgrade [dir] [--dry-run] [--allow-dirty] [--json]
       create-devops-stack check [dir...] [--json] [--sarif FILE] [--full]

Writes a CI/CD pipeline, Terraform, observability and a deployment strategy into dir
(default: the current directory), from devops-stack.yaml and the flags below. Several
directories (a monorepo's services) are generated in one process, each from its own answers.

Answers (each one is a field of devops-stack.yaml; see schemas/devops-stack.schema.json):
  --name NAME              service name, a DNS-1123 label (default: the directory name)
  --tier T1|T2|T3          how much is generated (T1 one environment; T2 several, gates,
                           progressive delivery, SLOs; T3 compliance, multi-region, migrations)
  --stack node|python|go|java
  --ci github-actions|gitlab-ci|jenkins|circleci|azure-devops   --cloud aws|gcp|azure   --iac terraform|cloudformation   --target kubernetes|containers
                           (azure-devops: ciProject in devops-stack.yaml names the organization)
  --gcp-project ID         with --cloud gcp: the Google Cloud project every resource goes to
  --azure-subscription ID  with --cloud azure: the Azure subscription every resource goes to
  --azure-tenant ID        with --cloud azure: the subscription's Entra ID tenant
  --strategy rolling|recreate|canary|blue-green   (canary and blue-green from T2)
  --environments a,b       deployment environments in promotion order
  --region REGION          primary cloud region (default: us-east-1 on AWS, us-central1 on GCP, eastus2 on Azure)
  --secondary-region R     T3: second production region, or none
  --services postgres,redis   backing services the app uses
  --repository OWNER/NAME  repository the deploy roles trust (default: git remote origin);
                           on GitLab the project path GROUP/PROJECT
  --ci-server URL          a CI server you run (Jenkins: its root URL; self-managed GitLab, default gitlab.com), issuer of the OIDC tokens
  --ci-job PATH            Jenkins: the multibranch job's full name (default: the repository)
                           with CircleCI also ciIdentity (organization, project ids) in the answers
  --branch BRANCH          branch that deploys (default: the remote's default branch, else main)
  --package-manager PM     npm|yarn|pnpm|bun, pip|poetry|uv|pdm|pipenv, go, maven|gradle (default: detected)
  --runtime-version V      language version for CI and the image (default: detected, else per stack)
  --test-command CMD       the repository's test command, or none (default: detected)
  --cluster-admins ARN,ARN IAM roles/users with kubectl admin access besides the deploy roles
  --port PORT              container port (default: 8080)
  --health-path P  --readiness-path P  --metrics-path P   a path, or none (defaults /healthz,
                           /readyz, /metrics; detected from the framework and the routes)
  --skip cicd,observability   leave steps out (observability not with canary or blue-green)

Guided run (on a terminal, without --yes): describe the goal, confirm the detected chain,
or customise it question by question (Esc: back, finish with defaults, start over).
  --goal "TEXT"            e.g. --goal "python API on EKS with canary releases and SLO alerts":
                           infers the answers above from the words; flags still win

Options:
  --config FILE            answers file (default: dir/devops-stack.yaml when it exists)
  -y, --yes                never prompt; missing answers take their defaults
  --dry-run                show what would be written (new / changed / unchanged), write nothing
  --force                  overwrite files whose content differs from what is generated
  --json                   print a machine-readable report on stdout
  -h, --help               -v, --version

Existing repositories (devops-stack.lock.json records what was generated):
  upgrade [dir]            re-render with this version and devops-stack.yaml; files you did not
                           edit are replaced, edited ones merged three-way (conflicts marked, exit 1)
    --dry-run              print the merge result as a unified diff, write nothing
    --allow-dirty          run with uncommitted changes (default: refuse)
  check [dir...]           offline drift and consistency check for CI: exit 0 clean, 1 findings;
                           a directory without devops-stack.yaml checks every stack below it
    --sarif FILE           also write the findings as SARIF 2.1.0 (GitHub code scanning)
    --full                 render and re-run the rules even where the lock shows the stack unchanged

Exit codes: 0 ok · 1 check or merge findings · 2 bad input, failed step or refused write`;

const OPTIONS = {
  ...Object.fromEntries(Object.keys(ANSWER_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
  config: { type: 'string' },
  goal: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  'allow-dirty': { type: 'boolean' },
  sarif: { type: 'string' },
  full: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const SUBCOMMANDS = ['check', 'upgrade'];
/** Words people try as commands: generating is the default, not a subcommand. */
const GENERATE_WORDS = ['generate', 'init', 'new', 'create'];

/** node:util's messages name its own internals; ours say what was wrong and what to type. */
function parseProblem(error: unknown): Problem {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const flag = option.replace(/^-+/, '').split('=')[0]!;
    const near = nearest(flag, Object.keys(OPTIONS));
    return { where: option, message: 'is not an option of create-devops-stack', remedy: `${near ? `Did you mean --${near}? ` : ''}Run create-devops-stack --help for the options.` };
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    const flag = option.replace(/^-+/, '').split(' ')[0]!;
    const takesValue = (OPTIONS as Record<string, { type: string }>)[flag]?.type === 'string';
    return takesValue
      ? { where: `--${flag}`, message: 'needs a value', remedy: `Give it one: --${flag} VALUE (see create-devops-stack --help).` }
      : { where: `--${flag}`, message: 'takes no value', remedy: `Write --${flag} alone.` };
  }
  return { where: 'command line', message, remedy: 'Run create-devops-stack --help for the options.' };
}

/**
 * A first argument that is not an existing path but is a near miss of a subcommand ("chek") is a
 * typo, not the name of a new stack's directory; the way to mean the directory is "./chek".
 */
function subcommandTypo(word: string | undefined, cwd: string): Problem | undefined {
  if (!word || word.includes('/') || word.includes('\\') || word.startsWith('.') || existsSync(resolve(cwd, word))) return undefined;
  const guess = nearest(word, SUBCOMMANDS);
  if (guess) return { where: word, message: `is not a command: did you mean \`${guess}\`?`, remedy: `Run create-devops-stack ${guess}; to generate a new stack in a directory named ${word}, write ./${word}.` };
  if (GENERATE_WORDS.includes(word.toLowerCase())) {
    return { where: word, message: 'is not a command: generating is what create-devops-stack does without one', remedy: `Run create-devops-stack [dir] (the current directory by default); to generate in a directory named ${word}, write ./${word}.` };
  }
  return undefined;
}

/** answers.app.commands.test = value, creating the objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

/** `cwd`: where relative paths are resolved, to tell a directory argument from a mistyped subcommand. */
export function parseCli(argv: readonly string[], cwd = process.cwd()): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new InputError([parseProblem(error)], 'usage');
  }
  const { values } = parsed;
  // `upgrade [dir]` and `check [dir]` are subcommands; a directory of that name is ./upgrade or ./check.
  const subcommand = parsed.positionals[0] === 'upgrade' || parsed.positionals[0] === 'check' ? parsed.positionals[0] : undefined;
  const typo = subcommand || values.help || values.version ? undefined : subcommandTypo(parsed.positionals[0], cwd);
  if (typo) throw new InputError([typo]);
  const positionals = subcommand ? parsed.positionals.slice(1) : parsed.positionals;
  // check and generate take several directories (a monorepo's services, in one process); upgrade one.
  if (positionals.length > 1 && subcommand === 'upgrade') {
    throw new InputError([{ where: 'command line', message: `expected at most one directory, got ${positionals.join(' ')}`, remedy: 'Pass one target directory.' }], 'usage');
  }
  // An empty path is never meant: `--config ''` (an unset variable) must not fall back to the default file unnoticed.
  for (const flag of ['config', 'sarif'] as const) {
    if (values[flag] === '') throw new InputError([{ where: `--${flag}`, message: 'is empty', remedy: `Pass a file path after --${flag}, or leave the flag out.` }], 'usage');
  }
  const answers: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(ANSWER_FLAGS)) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value !== 'string') continue;
    const parsed = LIST_FLAGS.has(flag) ? value.split(',').map((e) => e.trim()).filter(Boolean) : flag === 'port' && /^\d+$/.test(value) ? Number(value) : value;
    setPath(answers, field, parsed);
  }
  return {
    command: values.help ? 'help' : values.version ? 'version' : (subcommand ?? 'generate'),
    dir: positionals[0] ?? '.',
    dirs: positionals,
    ...(typeof values.config === 'string' ? { config: values.config } : {}),
    ...(typeof values.goal === 'string' ? { goal: values.goal } : {}),
    yes: Boolean(values.yes),
    dryRun: Boolean(values['dry-run']),
    force: Boolean(values.force),
    json: Boolean(values.json),
    allowDirty: Boolean(values['allow-dirty']),
    ...(typeof values.sarif === 'string' ? { sarif: values.sarif } : {}),
    full: Boolean(values.full),
    answers,
  };
}
