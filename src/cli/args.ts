/**
 * Command-line parsing with node:util parseArgs (no dependency, nothing to load).
 * Each answer flag maps onto a field of devops-stack.yaml.
 */
import { parseArgs } from 'node:util';
import { InputError } from '../core/errors.js';

export interface CliOptions {
  command: 'generate' | 'help' | 'version';
  dir: string;
  config?: string;
  yes: boolean;
  dryRun: boolean;
  force: boolean;
  json: boolean;
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
  iac: 'iac',
  target: 'target',
  strategy: 'strategy',
  environments: 'environments',
  region: 'region',
  'secondary-region': 'secondaryRegion',
  services: 'backingServices',
} as const;
const LIST_FLAGS = new Set(['environments', 'services']);

export const USAGE = `Usage: create-devops-stack [dir] [options]

Writes a CI/CD pipeline, Terraform, observability and a deployment strategy into dir
(default: the current directory), from devops-stack.yaml and the flags below.

Answers (each one is a field of devops-stack.yaml; see schemas/devops-stack.schema.json):
  --name NAME              service name, a DNS-1123 label (default: the directory name)
  --tier T1|T2|T3          how much is generated (T1 one environment; T2 several, gates,
                           progressive delivery, SLOs; T3 compliance, multi-region, migrations)
  --stack node|python|go|java
  --ci github-actions      --cloud aws      --iac terraform      --target kubernetes
  --strategy rolling|recreate|canary|blue-green   (canary and blue-green from T2)
  --environments a,b       deployment environments in promotion order
  --region REGION          primary cloud region (default: us-east-1)
  --secondary-region R     T3: second production region, or none
  --services postgres,redis   backing services the app uses

Options:
  --config FILE            answers file (default: dir/devops-stack.yaml when it exists)
  -y, --yes                never prompt; missing answers take their defaults
  --dry-run                show what would be written (new / changed / unchanged), write nothing
  --force                  overwrite files whose content differs from what is generated
  --json                   print a machine-readable report on stdout
  -h, --help               -v, --version

Exit codes: 0 ok · 1 check or merge findings · 2 bad input, failed step or refused write`;

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(Object.keys(ANSWER_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
        config: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError([{ where: 'command line', message, remedy: 'Run create-devops-stack --help for the options.' }]);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new InputError([{ where: 'command line', message: `expected at most one directory, got ${positionals.join(' ')}`, remedy: 'Pass one target directory.' }]);
  }
  const answers: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(ANSWER_FLAGS)) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value !== 'string') continue;
    answers[field] = LIST_FLAGS.has(flag) ? value.split(',').map((e) => e.trim()).filter(Boolean) : value;
  }
  return {
    command: values.help ? 'help' : values.version ? 'version' : 'generate',
    dir: positionals[0] ?? '.',
    ...(typeof values.config === 'string' ? { config: values.config } : {}),
    yes: Boolean(values.yes),
    dryRun: Boolean(values['dry-run']),
    force: Boolean(values.force),
    json: Boolean(values.json),
    answers,
  };
}
