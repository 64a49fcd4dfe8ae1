/**
 * Warnings before anything is written: choices that conflict, a piece another step
 * needs that is missing, and what a goal asked for that cannot be honoured. Each has
 * the options that resolve it, as the flag to pass and the answers patch to apply.
 * Blocking warnings are the combinations the answers validation would refuse.
 */
import type { Answers } from '../config/answers.js';
import { defaultEnvironments } from '../config/defaults.js';
import type { Detection } from '../detect/index.js';
import { dockerfileProblems, type DockerfileFacts } from '../lock/generate-report.js';
import { PATHS } from '../plan/conventions.js';
import { localOf, unmappedLocalSettings } from '../steps/deployment/connections.js';
import { registry } from '../platforms/registry.js';
import type { GoalInference } from '../goal/infer.js';
import type { Raw } from './field.js';

export interface WarningOption {
  label: string;
  /** The flags that choose this option on the command line ("" when it keeps the answers). */
  flag: string;
  /** Answers to change; null keeps them as they are. */
  patch: Raw | null;
}

export interface Warning {
  id: string;
  kind: 'conflict' | 'missing' | 'unsupported' | 'dependency';
  where: string;
  message: string;
  /** True when generation would refuse the answers as they are. */
  blocking: boolean;
  options: WarningOption[];
}

const keep = (label = 'Keep my answers'): WarningOption => ({ label, flag: '', patch: null });
const toTier = (tier: 'T2' | 'T3', a: Answers): WarningOption => ({
  label: `Switch to ${tier}${a.environments.length === 1 ? ` (environments ${defaultEnvironments(tier).join(', ')})` : ''}`,
  flag: `--tier ${tier}`,
  patch: { tier, ...(a.environments.length === 1 ? { environments: defaultEnvironments(tier) } : {}) },
});

export interface WarningContext {
  goal?: GoalInference | undefined;
  detection?: Detection | undefined;
}

export function warningsFor(a: Answers, ctx: WarningContext = {}): Warning[] {
  const out: Warning[] = [];
  const goal = ctx.goal;
  if (a.tier === 'T1' && (a.strategy === 'canary' || a.strategy === 'blue-green')) {
    out.push({
      id: 'progressive-needs-metrics',
      kind: 'missing',
      where: 'strategy',
      message: `${a.strategy} promotes or rolls back on an analysis of the error rate, which needs the SLO metrics and analysis templates that start at T2`,
      blocking: true,
      options: [toTier('T2', a), { label: 'Use rolling updates at T1', flag: '--strategy rolling', patch: { strategy: 'rolling' } }],
    });
  }
  if (a.tier === 'T1' && a.environments.length > 1) {
    out.push({
      id: 't1-one-environment',
      kind: 'conflict',
      where: 'environments',
      message: `T1 generates one environment, but ${a.environments.length} were given (${a.environments.join(', ')})`,
      blocking: true,
      options: [toTier('T2', { ...a, environments: a.environments }), { label: `Keep only ${a.environments.at(-1)}`, flag: `--environments ${a.environments.at(-1)}`, patch: { environments: [a.environments.at(-1)] } }],
    });
  }
  if (a.tier !== 'T3' && a.secondaryRegion !== 'none') {
    out.push({
      id: 'second-region-needs-t3',
      kind: 'conflict',
      where: 'secondaryRegion',
      message: `a second production region (${a.secondaryRegion}) is a T3 feature`,
      blocking: true,
      options: [toTier('T3', a), { label: 'One region', flag: '--secondary-region none', patch: { secondaryRegion: 'none' } }],
    });
  }
  if (a.skip.includes('observability') && (a.strategy === 'canary' || a.strategy === 'blue-green')) {
    const rest = a.skip.filter((s) => s !== 'observability');
    out.push({
      id: 'progressive-needs-observability',
      kind: 'dependency',
      where: 'skip',
      message: `observability is left out, but the ${a.strategy} analysis queries the metrics it makes Prometheus collect`,
      blocking: true,
      options: [
        { label: 'Keep observability', flag: `--skip '${rest.join(',')}'`, patch: { skip: rest } },
        { label: 'Use rolling updates', flag: '--strategy rolling', patch: { strategy: 'rolling' } },
      ],
    });
  }
  const wanted = goal?.observability.filter((o) => o === 'slo' || o === 'tracing') ?? [];
  if (a.tier === 'T1' && wanted.length) {
    out.push({
      id: 'observability-needs-t2',
      kind: 'missing',
      where: 'tier',
      message: `your goal asks for ${wanted.join(' and ')}, which start at T2; T1 has metrics, alerts and a dashboard`,
      blocking: false,
      options: [toTier('T2', a), keep('Stay at T1 without them')],
    });
  }
  if (goal?.matches.some((m) => m.text.includes('migration')) && !a.backingServices.includes('postgres')) {
    out.push({
      id: 'migrations-need-database',
      kind: 'dependency',
      where: 'backingServices',
      message: 'your goal asks for database migrations, but no database is chosen: the migration Job runs against postgres',
      blocking: false,
      options: [{ label: 'Add postgres', flag: `--services ${[...a.backingServices, 'postgres'].join(',')}`, patch: { backingServices: [...a.backingServices, 'postgres'] } }, keep('No migrations')],
    });
  }
  for (const n of goal?.negated ?? []) {
    const only = ONLY_CHOICE[n.field];
    if (only && only.value === n.value) {
      out.push({ id: `negated-${n.field}`, kind: 'dependency', where: n.field, message: `your goal says "no ${n.text}", but ${only.why}`, blocking: false, options: [keep(`Continue with ${n.value}`)] });
    } else if (n.field === 'stack' && n.value === a.stack) {
      const file = ctx.detection?.detected.find((d) => d.field === 'stack' && !d.ignored)?.file;
      const why = file ? `${file} says this is a ${a.stack} service` : `${a.stack} is the stack chosen`;
      out.push({ id: 'negated-stack', kind: 'conflict', where: 'stack', message: `your goal says "not ${n.text}", but ${why}`, blocking: false, options: [keep(`Continue with ${a.stack}`)] });
    } else if (n.field === 'observability' && n.value !== 'metrics' && !a.skip.includes('observability') && (a.tier !== 'T1' || n.value === 'alerts' || n.value === 'dashboards')) {
      // Alerts, dashboards, tracing and SLOs come with the observability step: it is left out whole or kept whole.
      const possible = !(a.tier !== 'T1' && (a.strategy === 'canary' || a.strategy === 'blue-green'));
      out.push({
        id: `negated-observability-${n.value}`,
        kind: 'dependency',
        where: 'skip',
        message: `your goal says "no ${n.text}", but ${n.value} come${n.value.endsWith('s') ? '' : 's'} with the observability step, which is generated or left out as a whole`,
        blocking: false,
        options: [keep(`Keep ${n.text} with the rest of observability`), ...(possible ? [{ label: 'Leave observability out', flag: '--skip observability', patch: { skip: [...a.skip, 'observability'] } }] : [])],
      });
    }
  }
  for (const u of goal?.unsupported ?? []) {
    out.push({
      id: `unsupported-${u.field}`,
      kind: 'unsupported',
      where: u.field,
      message: `"${u.text}" is not supported for ${u.field} yet; supported: ${u.alternatives.join(', ')}`,
      blocking: false,
      options: [keep(`Continue with ${u.alternatives[0]}`)],
    });
  }
  out.push(...existingPlatformWarnings(a, ctx.detection));
  // A setting that defaults to this machine and points at none of the backing services: localhost
  // in the pod is the pod itself, so each environment needs its real address.
  for (const s of unmappedLocalSettings(a.app.settings, a.backingServices)) {
    out.push({
      id: `local-address-${s.name}`,
      kind: 'missing',
      where: 'app.settings',
      message: `${s.name} defaults to ${localOf(s)}, which in the cluster is the pod itself, and it points at none of the backing services (${a.backingServices.join(', ') || 'none'}): the setup guide has it in the Secret ${a.name}-connections, where you set its address per environment`,
      blocking: false,
      options: [keep(`Set ${s.name} per environment`)],
    });
  }
  const detectedStack = ctx.detection?.answers['stack'];
  if (typeof detectedStack === 'string' && detectedStack !== a.stack) {
    const file = ctx.detection?.detected.find((d) => d.field === 'stack')?.file ?? 'the repository';
    out.push({
      id: 'stack-differs-from-repository',
      kind: 'conflict',
      where: 'stack',
      message: `${file} says this is a ${detectedStack} service, but the stack is ${a.stack}: the Dockerfile and CI would not build it`,
      blocking: false,
      options: [{ label: `Use ${detectedStack}`, flag: `--stack ${detectedStack}`, patch: { stack: detectedStack } }, keep(`Keep ${a.stack}`)],
    });
  }
  return out;
}

/** Fields with one supported value: a goal that rules it out is told what needs it. */
const ONLY_CHOICE: Record<string, { value: string; why: string }> = {
  target: { value: 'kubernetes', why: 'Kubernetes (EKS) is the only target: the deployment and observability steps need its cluster and network, which the IaC step creates' },
  iac: { value: 'terraform', why: 'the Kubernetes target needs the network and cluster that the Terraform step creates' },
  cloud: { value: 'aws', why: 'AWS is the only cloud: the cluster, registry and deploy roles live there' },
};

export function formatWarnings(warnings: readonly Warning[]): string[] {
  return warnings.flatMap((w) => [
    `⚠ ${w.where}: ${w.message}`,
    ...w.options.map((o) => `    → ${o.label}${o.flag ? ` (${o.flag})` : ''}`),
  ]);
}

/**
 * The repository's own CI and Kubernetes configuration, which are kept as they are: the run says
 * so, and what to remove, so that two pipelines or two sets of manifests never run one app silently.
 */
function existingPlatformWarnings(a: Answers, detection: Detection | undefined): Warning[] {
  if (!detection) return [];
  const out: Warning[] = [];
  const location = { directory: a.directory, toRoot: a.directory ? '../'.repeat(a.directory.split('/').length) : '' };
  const ours = registry().ci[a.ci].paths(a.name, location, a.ciFiles);
  const ourFiles = `${ours.ciWorkflow} and ${ours.deployWorkflow}`;
  // Our own files are never "yours" (without a readable lock, detection cannot tell them apart).
  const ownPaths = new Set([ours.ciWorkflow, ours.deployWorkflow]);
  const ownDirs = [PATHS.k8sDir, PATHS.observabilityDir];
  for (const system of detection.ci) {
    const files = system.files.filter((f) => !ownPaths.has(f));
    if (!files.length) continue;
    const theirs = files.join(', ');
    out.push({
      id: `existing-ci-${system.id}`,
      kind: 'conflict',
      where: files[0]!,
      message: system.id === a.ci
        ? `your workflows (${theirs}) are kept as they are, beside ours (${ourFiles}): where yours also test or deploy this app, two pipelines do, so remove that part of yours or ours`
        : `${system.title} (${theirs}) is kept as it is and keeps running: with ${ourFiles} two CI systems test this app; remove ${theirs} once ours pass, or keep it and leave CI/CD out`,
      blocking: false,
      options: [keep('Keep both for now'), ...(system.id === a.ci ? [] : [{ label: 'Leave CI/CD out (only the Dockerfile is written)', flag: `--skip ${[...new Set([...a.skip, 'cicd'])].join(',')}`, patch: { skip: [...new Set([...a.skip, 'cicd'])] } }])],
    });
  }
  // A Dockerfile of the repository's own is kept: what it lacks is said before anything is written.
  const dockerfile = detection.detected.find((d) => d.field === 'dockerfile' && !d.ignored);
  const lacks = dockerfile ? dockerfileProblems(dockerfile.value as DockerfileFacts, a.app) : [];
  if (dockerfile && lacks.length) {
    out.push({
      id: 'kept-dockerfile',
      kind: 'conflict',
      where: dockerfile.file,
      message: `your ${dockerfile.file} is kept as it is, and CI builds the image from it: ${lacks.join('; ')}`,
      blocking: false,
      options: [keep(`Keep ${dockerfile.file} and fix it by hand`)],
    });
  }
  for (const k of detection.kubernetes.filter((k) => !ownDirs.some((d) => k.path === d || k.path.startsWith(`${d}/`)))) {
    out.push({
      id: 'existing-kubernetes',
      kind: 'conflict',
      where: k.path,
      message: `${k.path} (${k.kind === 'helm' ? 'a Helm chart' : k.kind === 'kustomize' ? 'a kustomization' : 'manifests'}) is kept as it is; the deploy applies ${PATHS.k8sDir} only: if ${k.path} is applied to the same cluster, two sets of manifests run this app, so remove one`,
      blocking: false,
      options: [keep(`Keep ${k.path} (not applied by the generated deploy)`)],
    });
  }
  return out;
}
