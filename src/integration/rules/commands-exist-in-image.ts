import type { CicdFacts } from '../../steps/facts.js';
import type { ConsistencyRule } from '../rule.js';

type Image = NonNullable<CicdFacts['image']>;

/** Programs on the PATH of the official base images we know; an unknown base image is not judged. */
const PATH_PROGRAMS: { image: RegExp; programs: string[] }[] = [
  { image: /^(gcr\.io\/distroless\/(static|base)|scratch$)/, programs: [] },
  { image: /^(docker\.io\/)?(library\/)?node:/, programs: ['node', 'npm', 'npx', 'corepack', 'sh'] },
  { image: /^(docker\.io\/)?(library\/)?python:/, programs: ['python', 'python3', 'pip', 'pip3', 'sh'] },
  { image: /^(docker\.io\/)?(library\/)?eclipse-temurin:/, programs: ['java', 'sh'] },
  { image: /^(docker\.io\/)?(library\/)?golang:/, programs: ['go', 'sh'] },
];
/** Where a base image other than distroless or scratch has programs we cannot list. */
const SYSTEM_DIRS = ['/bin/', '/sbin/', '/usr/bin/', '/usr/sbin/', '/usr/local/bin/'];

/** Why `program` cannot run in the image, or null when it can (or cannot be told). */
function missing(image: Image, program: string): string | null {
  const known = PATH_PROGRAMS.find((p) => p.image.test(image.baseImage));
  const minimal = known !== undefined && known.programs.length === 0;
  if (!program.includes('/')) {
    if (!known || known.programs.includes(program)) return null;
    return minimal ? `${image.baseImage} has no shell and no program on its PATH` : `${image.baseImage} has no \`${program}\` on its PATH`;
  }
  const path = program.startsWith('/') ? program : `${image.workdir}/${program}`.replace(/\/\.\//g, '/');
  if (image.files.includes(path)) return null;
  const parentFile = image.files.find((f) => path.startsWith(`${f}/`));
  if (parentFile) return `${image.file} copies a file to ${parentFile}, so nothing can be below it`;
  if (image.dirs.some((d) => path.startsWith(d === '/' ? '/' : `${d}/`))) return null;
  if (!minimal && SYSTEM_DIRS.some((d) => path.startsWith(d))) return null;
  return `${image.file} creates no ${path} (it copies ${[...image.files, ...image.dirs].join(', ') || 'nothing'})`;
}

/**
 * Every command a workload or Job runs in the app's image exists in what the Dockerfile builds:
 * a Go Job running /app/migrate cannot start when the Dockerfile copies the binary to the file
 * /app; `npm` is on no PATH of a distroless image. The image's own ENTRYPOINT is checked too.
 */
export const commandsExistInImage: ConsistencyRule = {
  id: 'commands-exist-in-image',
  description: 'Every command a workload or Job runs in the app image (and the image entrypoint) exists in the image the Dockerfile builds.',
  needs: ['cicd', 'deployment'],
  check({ plan, facts }) {
    const image = facts.cicd.image;
    if (!image) return [];
    const problems = [];
    const entry = image.entrypoint[0] ?? image.cmd[0];
    const entryProblem = entry && missing(image, entry);
    if (entryProblem) {
      problems.push({
        message: `${image.file} starts the image with ${entry}, but ${entryProblem}`,
        files: [image.file],
        remedy: 'Point ENTRYPOINT at a path the final stage copies, or copy the program there.',
      });
    }
    for (const c of facts.deployment.imageCommands) {
      const program = c.command[0];
      const problem = program && missing(image, program);
      if (!problem) continue;
      problems.push({
        message: `${c.file}: ${c.kind} ${c.name} runs \`${c.command.join(' ')}\` in the app image, but ${problem}: the container cannot start`,
        files: [c.file, image.file],
        remedy: c.kind === 'Job'
          ? `Set app.migrateCommand in ${plan.paths.answers} to a command the image has (for Go, the app binary with a subcommand: ["${image.files[0] ?? '/app'}", "migrate"]), or build and copy that program in the Dockerfile.`
          : 'Run a program the image has, or add it to the Dockerfile\'s final stage.',
      });
    }
    return problems;
  },
};
