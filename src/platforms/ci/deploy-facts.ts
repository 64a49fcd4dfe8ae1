/**
 * The neutral facts of one deploy target's jobs, from what every CI platform's extractor can read
 * back from its own files: the jobs' shell lines, their variables and the cloud they log in to.
 * The commands are the plan's (src/plan), the same on every platform, so one reading serves all.
 */
import type { Cloud } from '../../config/answers.js';
import type { CiDeployFact } from '../../steps/facts.js';
import { registry } from '../registry.js';

export interface DeployJobs {
  file: string;
  environment: string;
  /** The deploy target: the environment, or `<env>-<region>` for a second region. */
  targetId: string;
  /** The cloud the jobs log in to and the region they ask for, as the platform's login step says. */
  login?: { cloud: Cloud; region: string };
  /** Variables the jobs (and their workflow) declare. */
  env: Record<string, string>;
  /** Every shell line the jobs run, in order. */
  lines: string[];
  /** Each job's timeout, its commands, and the commands of the steps that run when it fails. */
  jobs: CiDeployFact['jobs'];
}

/** The task definition's directory, and its image placeholder, in the ECS deploy's sed line (target containers). */
const ECS_TASK_DEFINITION = /\bsed\b.* (\S+)\/task-definition\.json >/;
const ECS_IMAGE = /\bsed\b.*s\|([^|:\s]+):@IMAGE@\|/;

const unquote = (s: string): string => s.replace(/^['"]|['"]$/g, '');

export function deployFact({ file, environment, targetId, login, env, lines, jobs }: DeployJobs): CiDeployFact {
  const first = (re: RegExp): string => {
    for (const line of lines) {
      const m = re.exec(line);
      if (m) return unquote(m[1]!);
    }
    return '';
  };
  const clouds = Object.values(registry().cloud);
  const connect = lines.map((l) => clouds.map((c) => c.parseConnect(l)).find(Boolean)).find(Boolean);
  const cloud = login ? registry().cloud[login.cloud] : undefined;
  // A CloudFormation change set: `DIR/change-set.sh plan platform TARGET`, deploying DIR/platform.yaml with DIR/platform.TARGET.json.
  const changeSet = lines.map((l) => /(\S+)\/change-set\.sh plan platform (\S+)/.exec(l)).find(Boolean);
  const cfnDir = changeSet ? unquote(changeSet[1]!) : '';
  const cfnParameters = changeSet ? `platform.${unquote(changeSet[2]!)}.json` : '';
  return {
    environment,
    file,
    cloud: login?.cloud ?? '',
    region: env['AWS_REGION'] || (login?.region.includes('${{') ? '' : login?.region) || connect?.region || first(/--region[= ](\S+)/),
    // The commands that run come first; EKS_CLUSTER and IMAGE_NAME are what workflows of earlier versions declared.
    clusterName: connect?.cluster || env['EKS_CLUSTER'] || '',
    registryRepository: (cloud ? env[cloud.registryEnv] : clouds.map((c) => env[c.registryEnv]).find(Boolean)) ?? '',
    // A cluster's image is set with kustomize; an ECS task definition's by sed on its "image" (target containers).
    imagePlaceholder: first(/kustomize edit set image "?([^="\s]+)=/) || first(ECS_IMAGE) || env['IMAGE_NAME'] || '',
    kustomizeDir: first(/cd (\S+) &&.*kustomize edit/) || first(/cd (\S+) &&/) || first(ECS_TASK_DEFINITION),
    applies: lines.flatMap((l) => [...l.matchAll(/kubectl apply -k (\S+)/g), ...l.matchAll(new RegExp(ECS_TASK_DEFINITION, 'g'))].map((m) => unquote(m[1]!))),
    iacDir: first(/terraform -chdir=(\S+)/) || cfnDir,
    backendConfig: first(/-backend-config=(\S+)/),
    varFile: first(/-var-file=(\S+)/) || cfnParameters,
    targetId,
    commands: lines.map((l) => l.trim()).filter(Boolean),
    jobs,
  };
}

/** A deploy fact counts when its environment is planned, or when its jobs deploy something. */
export function deploysSomething({ environment: _e, file: _f, targetId: _t, applies, commands: _c, jobs: _j, ...found }: CiDeployFact): boolean {
  return applies.length > 0 || Object.values(found).some((v) => v !== '');
}
