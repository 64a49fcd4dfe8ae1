/**
 * A job's commands in a tool's image (Job.container) on platforms whose container jobs need more
 * of the image than a shell: GitHub Actions and Azure Pipelines run their own Node.js agent steps
 * (the checkout) inside a job container, which a busybox tool image cannot host. There each
 * command runs with `docker run` on the hosted runner, the checkout mounted read-only, the
 * image's entrypoint replaced by the command's program. The extractors read the line back as
 * the command it runs in that image.
 */
import { toolImageTools } from '../../steps/cicd/alert-tests-job.js';
import type { Job, Step } from '../../steps/cicd/model.js';

const WORKDIR = '/work';

/** The command (a program and plain words, no shell syntax) as a `docker run` line. */
export function dockerRun(image: string, command: string): string {
  if (/[|&;<>()$`"'\\*?]/.test(command)) throw new Error(`dockerRun: "${command}" is not a plain command`);
  const [program, ...args] = command.trim().split(/\s+/);
  return ['docker run --rm', `--entrypoint ${program}`, `-v "$PWD:${WORKDIR}:ro"`, `-w ${WORKDIR}`, image, ...args].join(' ');
}

/** docker run options that take a value as the next word. */
const WITH_VALUE = new Set(['-v', '--volume', '-w', '--workdir', '--entrypoint', '-e', '--env', '-u', '--user', '--network', '--platform', '--name', '--mount', '--env-file']);

/**
 * What a `docker run` line with an `--entrypoint` runs: its image and the command in it (the
 * entrypoint, then the arguments), with the image's tools; undefined for any other line (without
 * one, the image's own entrypoint runs, which the line does not name: it stays a docker command).
 */
export function dockerRunOf(line: string): { image: string; command: string; tools: string[] } | undefined {
  const words = line.trim().split(/\s+/);
  if (words[0] !== 'docker' || words[1] !== 'run') return undefined;
  let entrypoint: string | undefined;
  for (let i = 2; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--entrypoint') entrypoint = words[i + 1];
    else if (word.startsWith('--entrypoint=')) entrypoint = word.slice('--entrypoint='.length);
    if (WITH_VALUE.has(word)) {
      i++;
      continue;
    }
    if (word.startsWith('-')) continue;
    const args = words.slice(i + 1);
    if (!entrypoint) return undefined;
    return { image: word, command: [entrypoint, ...args].join(' '), tools: toolImageTools(word) };
  }
  return undefined;
}

/** A job's command lines as they run: a `docker run` line as the command inside, and what the images provide. */
export function unwrapDockerRuns(lines: readonly string[]): { commands: string[]; available: string[] } {
  const commands: string[] = [];
  const available: string[] = [];
  for (const line of lines) {
    const inner = dockerRunOf(line);
    commands.push(inner ? inner.command : line);
    if (inner) available.push(...inner.tools);
  }
  return { commands, available };
}

/** The job's steps with each command run in the job's image (Job.container), for the platforms above. */
export function stepsWithDockerRun(job: Job): Step[] {
  const container = job.container;
  if (!container) return job.steps;
  return job.steps.map((s) => (s.kind === 'run' ? { ...s, run: dockerRun(container.image, s.run) } : s));
}
