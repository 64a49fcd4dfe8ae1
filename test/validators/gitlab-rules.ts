/**
 * Our structural rules for GitLab pipelines, on the configuration as gitlab-ci-local expanded it
 * (extends, includes and default: applied), beyond what GitLab's schema knows:
 * - every `needs`/`dependencies` entry names a job (all of them, where GitLab stops at one);
 * - every job's `stage` is declared in `stages` (default `test`);
 * - a job that deploys (has an `environment` it starts) has a `resource_group`, so two deploys to
 *   one environment never run at once; environment names use GitLab's allowed characters, and
 *   `on_stop` names a job that stops that environment;
 * - a job whose script logs in to a cloud with OIDC (AWS web identity, gcloud/WIF credential
 *   config, az login --federated-token, ARM_USE_OIDC) declares `id_tokens` with an audience the
 *   cloud accepts, and uses it; every declared id token is used by its job;
 * - `component:` includes are pinned to a full version or commit, `project:` includes to a ref
 *   that is a version tag or commit.
 */
import { type Finding, isRecord } from './common.js';
import { GITLAB_CI, GLOBAL_KEYS, type Pipeline, jobLocation } from './gitlab-pipelines.js';

const PINNED_REF = /^(v?\d+\.\d+\.\d+([-+][\w.-]+)?|[0-9a-f]{40})$/;
const ENV_NAME = /^[A-Za-z0-9 _\-/${}]+$/;

const LOGIN: { cloud: 'aws' | 'gcp' | 'azure'; re: RegExp }[] = [
  { cloud: 'aws', re: /assume-role-with-web-identity|AWS_WEB_IDENTITY_TOKEN_FILE/ },
  { cloud: 'gcp', re: /create-cred-config|--cred-file|external_account|workloadIdentityPools/ },
  { cloud: 'azure', re: /--federated-token|ARM_USE_OIDC|ARM_OIDC_TOKEN|AZURE_FEDERATED_TOKEN/ },
];
/** What each cloud accepts as audience by default. */
const AUDIENCE: Record<'aws' | 'gcp' | 'azure', { re: RegExp; expect: string }> = {
  aws: { re: /./, expect: 'a non-empty audience (the client id registered on the IAM OIDC provider)' },
  gcp: { re: /iam\.googleapis\.com\/projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+\/providers\//, expect: 'the workload identity provider (https://iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/POOL/providers/PROVIDER)' },
  azure: { re: /^api:\/\/AzureADTokenExchange$/, expect: 'api://AzureADTokenExchange' },
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.flat(9).filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function environmentOf(job: Record<string, unknown>): { name?: string; action: string; onStop?: string } | undefined {
  const env = job.environment;
  if (typeof env === 'string') return { name: env, action: 'start' };
  if (!isRecord(env)) return undefined;
  return { name: typeof env.name === 'string' ? env.name : undefined, action: typeof env.action === 'string' ? env.action : 'start', onStop: typeof env.on_stop === 'string' ? env.on_stop : undefined };
}

export function gitlabRules(p: Pipeline, expanded: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const push = (job: string | undefined, message: string): void => {
    const at = job ? jobLocation(p, job) : { file: p.root, location: undefined };
    findings.push({ validator: GITLAB_CI, file: at.file.path, location: at.location, message });
  };
  const jobs = new Map(Object.entries(expanded).filter((e): e is [string, Record<string, unknown>] => !GLOBAL_KEYS.has(e[0]) && !e[0].startsWith('.') && isRecord(e[1])));
  const stages = new Set(strings(expanded.stages).concat('.pre', '.post'));

  for (const [name, job] of jobs) {
    const stage = typeof job.stage === 'string' ? job.stage : 'test';
    if (!stages.has(stage)) push(name, `stage "${stage}" is not declared in stages (${[...stages].join(', ')})`);
    for (const need of Array.isArray(job.needs) ? job.needs : []) {
      const target = typeof need === 'string' ? need : isRecord(need) && typeof need.job === 'string' && !need.project && !need.pipeline && need.optional !== true ? need.job : undefined;
      if (target !== undefined && !jobs.has(target)) push(name, `needs "${target}", which is not a job of this pipeline`);
    }
    for (const dep of strings(job.dependencies)) if (!jobs.has(dep)) push(name, `dependencies names "${dep}", which is not a job of this pipeline`);

    const env = environmentOf(job);
    if (env) {
      if (!env.name) push(name, 'environment without a name');
      else if (!ENV_NAME.test(env.name)) push(name, `environment name "${env.name}" has characters GitLab does not allow (letters, digits, spaces, - _ / $ { } only)`);
      if (env.action === 'start' && !job.resource_group) push(name, `deploys to environment "${env.name ?? '?'}" without a resource_group: two pipelines could deploy it at once`);
      if (env.onStop) {
        const stop = jobs.get(env.onStop);
        const stopEnv = stop && environmentOf(stop);
        if (!stop) push(name, `environment on_stop names "${env.onStop}", which is not a job of this pipeline`);
        else if (!stopEnv || stopEnv.action !== 'stop' || stopEnv.name !== env.name) push(name, `on_stop job "${env.onStop}" must stop environment "${env.name}" (environment: { name: ${env.name}, action: stop })`);
      }
    }

    const script = [job.before_script, job.script, job.after_script].flatMap(strings).join('\n');
    const vars = isRecord(job.variables) ? Object.values(job.variables).flatMap((v) => (isRecord(v) ? strings(v.value) : strings(v))).join('\n') : '';
    const text = `${script}\n${vars}\n${Object.keys(isRecord(job.variables) ? job.variables : {}).join('\n')}`;
    const tokens = isRecord(job.id_tokens) ? job.id_tokens : {};
    const used = (t: string): boolean => new RegExp(`\\$\\{?${t}\\b`).test(text);
    for (const [token, spec] of Object.entries(tokens)) {
      if (!isRecord(spec) || !strings(spec.aud).length) push(name, `id_tokens.${token} has no aud`);
      if (!used(token)) push(name, `id_tokens.${token} is never used by the job (no $${token} in its scripts or variables)`);
    }
    for (const { cloud, re } of LOGIN) {
      if (!re.test(text)) continue;
      const usable = Object.entries(tokens).filter(([t]) => used(t));
      if (!usable.length) {
        push(name, `logs in to ${cloud} with OIDC but declares no id_tokens it uses: add id_tokens: { NAME: { aud: … } } and pass $NAME to the login`);
        continue;
      }
      const audiences = usable.flatMap(([, spec]) => (isRecord(spec) ? strings(spec.aud) : []));
      if (!audiences.some((a) => AUDIENCE[cloud].re.test(a))) push(name, `logs in to ${cloud} but no id token it uses has the audience ${cloud} expects: ${AUDIENCE[cloud].expect} (found ${audiences.join(', ') || 'none'})`);
    }
  }

  for (const { file, value } of p.external) {
    const where = { validator: GITLAB_CI, file: file.path, location: 'include' };
    if (typeof value.component === 'string') {
      const ref = value.component.split('@')[1] ?? '';
      if (!PINNED_REF.test(ref)) findings.push({ ...where, message: `component "${value.component}" is not pinned to a full version or commit SHA (found "${ref || 'no @version'}")` });
    }
    if (typeof value.project === 'string') {
      const ref = typeof value.ref === 'string' ? value.ref : '';
      if (!PINNED_REF.test(ref)) findings.push({ ...where, message: `project include "${value.project}" is not pinned to a version tag or commit SHA (ref: "${ref || 'default branch'}")` });
    }
  }
  return findings;
}
