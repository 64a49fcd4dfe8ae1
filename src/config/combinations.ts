/**
 * Choices that are each valid but impossible together. Each check names the fields
 * involved and how to resolve the conflict.
 */
import type { Problem } from '../core/errors.js';
import { registry } from '../platforms/registry.js';
import { NO_ENDPOINT, PACKAGE_MANAGERS, type Answers } from './answers.js';
import { reservedReason } from './reserved.js';

type CombinationCheck = (answers: Answers) => Problem | undefined;

/** Backing services a T1 stack may have (its token budget is proven for two). */
export const T1_MAX_SERVICES = 2;

/** GitHub's OWNER/NAME; the schema also admits GitLab's GROUP/SUBGROUP/PROJECT paths. */
const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

const CHECKS: CombinationCheck[] = [
  // An IaC tool writes the resources of the clouds it knows (CloudFormation: AWS only).
  (a) => {
    const iac = registry().iac[a.iac];
    return iac.clouds.includes(a.cloud)
      ? undefined
      : {
          where: 'iac',
          message: `${iac.title} writes ${iac.clouds.join(', ')} resources only, not ${a.cloud}`,
          remedy: `Choose --iac terraform with --cloud ${a.cloud}, or --cloud ${iac.clouds[0]} with --iac ${a.iac}.`,
        };
  },
  (a) => {
    const iac = registry().iac[a.iac];
    return iac.tiers && !iac.tiers.includes(a.tier)
      ? {
          where: 'tier',
          message: `${iac.title} stacks are generated for ${iac.tiers.join(' and ')} so far, not ${a.tier} (its policy as code, second region and database are not written yet)`,
          remedy: `Choose --tier ${iac.tiers.at(-1)} with --iac ${a.iac}, or --iac terraform for ${a.tier}.`,
        }
      : undefined;
  },
  (a) => {
    const iac = registry().iac[a.iac];
    return iac.targets && !iac.targets.includes(a.target)
      ? {
          where: 'target',
          message: `${iac.title} stacks are generated for ${iac.targets.join(', ')} so far, not ${a.target}`,
          remedy: `Choose --target ${iac.targets[0]} with --iac ${a.iac}, or --iac terraform for --target ${a.target}.`,
        }
      : undefined;
  },
  (a) => {
    const ci = registry().ci[a.ci];
    const clouds = ci.capabilities.clouds;
    return clouds && !clouds.includes(a.cloud)
      ? {
          where: 'cloud',
          message: `${ci.title} deploys to ${clouds.join(', ')} only so far, not ${a.cloud}`,
          remedy: `Choose --cloud ${clouds[0]} with --ci ${a.ci}, or another CI platform for ${a.cloud}.`,
        }
      : undefined;
  },
  // Azure so far signs in from GitHub Actions only (azure/login): the shell login the other CI
  // platforms use (az login --federated-token) has no digest-pinned CLI image yet, and each
  // platform's subject (GitLab's, Jenkins' per-environment audience, CircleCI's V2 subject) needs
  // its own federated credentials, which are not written yet.
  (a) =>
    a.cloud === 'azure' && a.ci !== 'github-actions'
      ? {
          where: 'ci',
          message: `${registry().ci[a.ci].title} with Azure is not generated yet: Azure stacks sign in from GitHub Actions only so far`,
          remedy: `Choose --ci github-actions with --cloud azure, or --cloud aws or gcp with --ci ${a.ci}.`,
        }
      : undefined,
  // Application Gateway for Containers gets no certificate or DNS record yet: a domain would be served
  // over HTTP on a name nothing points at, and the guide's HTTPS check would fail on the first run.
  (a) =>
    a.cloud === 'azure' && a.domain
      ? {
          where: 'domain',
          message: `domain (${a.domain}) is not generated for Azure yet: its certificate and DNS record for Application Gateway for Containers are not written`,
          remedy: "Remove domain with --cloud azure (the service answers on the gateway's own name), or choose --cloud aws or gcp for a domain.",
        }
      : undefined,
  // Application Gateway for Containers is named per environment in the Ingress (one overlay per
  // environment): a second region would point its Ingress at the first region's gateway.
  (a) =>
    a.cloud === 'azure' && a.secondaryRegion !== 'none'
      ? {
          where: 'secondaryRegion',
          message: `A second region (${a.secondaryRegion}) is not generated for Azure yet: each environment's Ingress names one region's Application Gateway for Containers`,
          remedy: 'Set secondaryRegion to none with --cloud azure, or choose --cloud aws or gcp for a second region.',
        }
      : undefined,
  (a) =>
    a.ciProject !== undefined && a.ci !== 'azure-devops'
      ? {
          where: 'ciProject',
          message: `ciProject names an Azure DevOps organization and project (${a.ciProject.organization}/${a.ciProject.project}), but ci is ${a.ci}`,
          remedy: 'Remove ciProject from devops-stack.yaml, or choose --ci azure-devops.',
        }
      : undefined,
  (a) =>
    a.ci === 'github-actions' && !GITHUB_REPOSITORY.test(a.repository)
      ? {
          where: 'repository',
          message: `"${a.repository}" is not a GitHub repository (OWNER/NAME: an owner of letters, digits and '-', then one name)`,
          remedy: 'Give the GitHub repository as OWNER/NAME (--repository), or choose --ci gitlab-ci for a GitLab project path.',
        }
      : undefined,
  (a) =>
    // A server of your own: a self-managed GitLab, or the Jenkins controller.
    a.ciServer !== undefined && a.ci !== 'gitlab-ci' && a.ci !== 'jenkins'
      ? {
          where: 'ciServer',
          message: `ciServer (${a.ciServer}) names a CI server you run (self-managed GitLab or Jenkins), but ci is ${a.ci}`,
          remedy: 'Remove ciServer from devops-stack.yaml, or choose --ci gitlab-ci or --ci jenkins.',
        }
      : undefined,
  // T1 is the basic stack within 10,000 tokens: each backing service adds its connection, local
  // service, egress and guide lines, and two is what the budget is proven for (test/budgets.test.ts).
  (a) =>
    a.tier === 'T1' && a.backingServices.length > T1_MAX_SERVICES
      ? {
          where: 'backingServices',
          message: `T1 generates at most ${T1_MAX_SERVICES} backing services, but ${a.backingServices.length} were given (${a.backingServices.join(', ')})`,
          remedy: `Keep the ${T1_MAX_SERVICES} the app needs most at T1 (--services), or choose --tier T2 for all of them.`,
        }
      : undefined,
  // A domain brings its certificate, DNS controller and their guide lines: more than T1's 10,000
  // tokens hold with the largest T1 stacks (test/budgets.test.ts measures it from T2).
  (a) =>
    a.tier === 'T1' && a.domain
      ? {
          where: 'domain',
          message: `domain (${a.domain}) brings an HTTPS certificate and a DNS record, which start at T2; T1 serves HTTP on the load balancer's own name`,
          remedy: 'Choose --tier T2 (or T3) for the domain, or remove domain from devops-stack.yaml and point a DNS record at the load balancer yourself.',
        }
      : undefined,
  (a) =>
    a.tier === 'T1' && a.environments.length > 1
      ? {
          where: 'environments',
          message: `T1 generates one environment, but ${a.environments.length} were given (${a.environments.join(', ')})`,
          remedy: 'Give one environment (--environments prod), or choose --tier T2 for several environments.',
        }
      : undefined,
  (a) =>
    a.tier === 'T1' && (a.strategy === 'canary' || a.strategy === 'blue-green')
      ? {
          where: 'strategy',
          message: `${a.strategy} needs automated analysis and a preview or canary service, which start at T2`,
          remedy: 'Choose --tier T2 (or T3), or --strategy rolling for T1.',
        }
      : undefined,
  (a) =>
    a.tier !== 'T3' && a.secondaryRegion !== 'none'
      ? {
          where: 'secondaryRegion',
          message: `a second region ("${a.secondaryRegion}") is a T3 feature`,
          remedy: 'Choose --tier T3, or set secondaryRegion to none.',
        }
      : undefined,
  (a) =>
    a.secondaryRegion === a.region
      ? {
          where: 'secondaryRegion',
          message: `the second region must differ from region (both are ${a.region})`,
          remedy: 'Pick another region for secondaryRegion, or none.',
        }
      : undefined,
  (a) =>
    a.skip.includes('observability') && (a.strategy === 'canary' || a.strategy === 'blue-green')
      ? {
          where: 'skip',
          message: `observability is left out (skip), but strategy ${a.strategy} needs it: its analysis queries the metrics that observability makes Prometheus collect`,
          remedy: 'Remove observability from skip in devops-stack.yaml (or --skip), or choose --strategy rolling (or recreate).',
        }
      : undefined,
  // The default bucket is made from the name: a name S3 would refuse as a prefix (xn--, sthree-, …) makes it invalid.
  (a) => {
    const reason = reservedReason('stateBucket', a.stateBucket);
    return reason
      ? {
          where: 'stateBucket',
          message: `"${a.stateBucket}" (made from name "${a.name}") cannot be used: ${reason}`,
          remedy: 'Set stateBucket in devops-stack.yaml to a valid bucket name, or choose another name.',
        }
      : undefined;
  },
  (a) => {
    // "none" (no such endpoint) may stand for several of them.
    const paths = [a.app.healthPath, a.app.readinessPath, a.app.metricsPath].filter((p) => p !== NO_ENDPOINT);
    return new Set(paths).size < paths.length
      ? {
          where: 'app',
          message: `healthPath, readinessPath and metricsPath must differ (got ${paths.join(', ')})`,
          remedy: 'Liveness and readiness answer different questions; give each its own path in devops-stack.yaml.',
        }
      : undefined;
  },
  (a) =>
    PACKAGE_MANAGERS[a.stack].includes(a.app.packageManager)
      ? undefined
      : {
          where: 'app.packageManager',
          message: `${a.app.packageManager} does not build a ${a.stack} service`,
          remedy: `Set app.packageManager to one of ${PACKAGE_MANAGERS[a.stack].join(' | ')} in devops-stack.yaml, or change stack.`,
        },
  (a) => {
    const names = a.app.settings.map((s) => s.name);
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    return twice.length
      ? { where: 'app.settings', message: `${[...new Set(twice)].join(', ')} listed more than once`, remedy: 'List each setting once in devops-stack.yaml.' }
      : undefined;
  },
];

/**
 * The schema accepts every cloud's region and admin formats; each cloud accepts only its own
 * (AWS us-east-1, Google Cloud us-central1), and its settings key only with that cloud.
 */
function cloudProblems(a: Answers): Problem[] {
  const cloud = registry().cloud[a.cloud];
  const problems: Problem[] = [];
  const regions: [string, string][] = [['region', a.region], ...(a.secondaryRegion === 'none' ? [] : [['secondaryRegion', a.secondaryRegion] as [string, string]])];
  for (const [where, region] of regions) {
    if (!cloud.regions.pattern.test(region)) {
      problems.push({
        where,
        message: `"${region}" is not a ${cloud.title} region name`,
        remedy: `Give a ${cloud.title} region such as ${cloud.regions.example}${where === 'region' ? ' (--region)' : ', or none'}.`,
      });
    }
  }
  a.clusterAdmins.forEach((admin, i) => {
    if (!cloud.admins.pattern.test(admin)) {
      problems.push({ where: `clusterAdmins[${i}]`, message: `"${admin}" is not a ${cloud.title} principal`, remedy: `List principals as ${cloud.admins.example}.` });
    }
  });
  if (a.gcp && a.cloud !== 'gcp') {
    problems.push({ where: 'gcp', message: `Google Cloud settings are given, but cloud is ${a.cloud}`, remedy: 'Remove gcp from devops-stack.yaml, or choose --cloud gcp.' });
  }
  if (a.azure && a.cloud !== 'azure') {
    problems.push({ where: 'azure', message: `Azure settings are given, but cloud is ${a.cloud}`, remedy: 'Remove azure from devops-stack.yaml, or choose --cloud azure.' });
  }
  return problems;
}

export function combinationProblems(answers: Answers): Problem[] {
  return [
    ...CHECKS.map((check) => check(answers)).filter((p): p is Problem => p !== undefined),
    ...cloudProblems(answers),
    ...(registry().target[answers.target].problems?.(answers) ?? []),
  ];
}
