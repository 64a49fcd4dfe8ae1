import { ALWAYS_AVAILABLE, installedBy, programsOf } from '../shell-commands.js';
import type { ConsistencyRule } from '../rule.js';

/**
 * Every command a CI job runs exists where it runs: on the runner (as its platform documents it,
 * or as the runner image we generate declares it), installed by an earlier step of the job, or a
 * script of the repository.
 */
/**
 * A kubeconfig written by `gcloud container clusters get-credentials` makes every later kubectl
 * call gke-gcloud-auth-plugin for its token: a program no command line names, so it is checked
 * here. A directory of the repository holding a stand-in of that name, put on the PATH, provides it.
 */
const GKE_CREDENTIALS = /\bgcloud container clusters get-credentials\b/;
const GKE_PLUGIN = 'gke-gcloud-auth-plugin';

function pluginOnPath(line: string, tree: ReadonlyMap<string, unknown>): boolean {
  if (!/path/i.test(line)) return false;
  return [...tree.keys()].some((p) => p.endsWith(`/${GKE_PLUGIN}`) && line.includes(p.slice(0, -GKE_PLUGIN.length - 1)));
}

export const commandsAvailable: ConsistencyRule = {
  id: 'commands-available',
  description: "Every command a CI job runs is on that job's runner, installed by the job, or a script in the repository.",
  needs: ['cicd'],
  check({ plan, facts, tree }) {
    const problems = [];
    // The repository's own scripts its commands run (./mvnw, ./gradlew): detection found them there.
    const { install, test, build } = plan.app.commands;
    const ownScripts = new Set([install, test, build].flatMap((c) => (c ? programsOf(c) : [])).filter((p) => p.includes('/')));
    for (const job of facts.cicd.jobs) {
      const have = new Set([...ALWAYS_AVAILABLE, ...job.available, ...job.installs]);
      const missing = new Set<string>();
      const absentScripts = new Set<string>();
      let gkeKubeconfig = false;
      for (const line of job.commands) {
        // A package installed by an earlier line (pip install pip-audit==2.10.1) provides its command.
        for (const name of installedBy(line)) have.add(name);
        if (pluginOnPath(line, tree)) have.add(GKE_PLUGIN);
        if (GKE_CREDENTIALS.test(line)) gkeKubeconfig = true;
        const programs = programsOf(line);
        if (gkeKubeconfig && programs.includes('kubectl') && !have.has(GKE_PLUGIN)) missing.add(GKE_PLUGIN);
        for (const program of programs) {
          if (have.has(program) || ownScripts.has(program)) continue;
          // A script of the repository, run by its path (relative to where the job runs).
          if (program.includes('/') && [...tree.keys()].some((p) => p === program || p.endsWith(`/${program.replace(/^\.\//, '')}`))) continue;
          // A path is the repository's script, not a tool: its absence is a missing file (deleted by hand?).
          (program.includes('/') ? absentScripts : missing).add(program);
        }
      }
      if (absentScripts.size) {
        problems.push({
          message: `${job.file} job ${job.id} runs ${[...absentScripts].join(', ')}, which is not in the repository`,
          files: [job.file],
          remedy: `Restore ${[...absentScripts].join(', ')} (git checkout, or re-run the generator with --force for it), or remove its use from ${job.file}.`,
        });
      }
      if (!missing.size) continue;
      const where = job.runner.kind === 'hosted' ? 'the hosted runner' : `self-hosted runner "${job.runner.label ?? ''}"`;
      problems.push({
        message: `${job.file} job ${job.id} runs ${[...missing].join(', ')}, which ${where} does not have and no earlier step installs`,
        files: [job.file],
        remedy: `Install ${[...missing].join(', ')} in the job (the tools script) or in the runner's image, or re-run the generator.`,
      });
    }
    return problems;
  },
};
