import type { ConsistencyRule } from '../rule.js';

/**
 * The image the Dockerfile builds runs the way the workload expects: it starts something (a CMD or
 * ENTRYPOINT: the workload sets no command), as a user other than root (the pod runs as
 * app.uid with runAsNonRoot, and root-owned paths are not its own), and it listens where the
 * Service sends traffic. Our Dockerfile always does; a kept Dockerfile of the user's is read
 * as it is (its findings are warnings: we never rewrite it).
 */
export const imageFitsWorkload: ConsistencyRule = {
  id: 'image-fits-workload',
  description: "The Dockerfile's image has a CMD or ENTRYPOINT, a non-root USER, and EXPOSEs the workload's container port when it EXPOSEs any.",
  needs: ['cicd', 'deployment'],
  check({ plan, facts }) {
    const image = facts.cicd.image;
    const workload = facts.deployment.workload;
    if (!image || !workload) return [];
    const problems = [];
    if (!image.cmd.length && !image.entrypoint.length) {
      problems.push({
        message: `${image.file} has no CMD or ENTRYPOINT, and ${workload.file} sets no command: the container runs ${image.baseImage}'s own command, not the app`,
        files: [image.file, workload.file],
        remedy: `Add CMD ${JSON.stringify(plan.app.commands.start)} to ${image.file} (app.commands.start).`,
      });
    }
    if (!image.user || /^(root|0)(:|$)/.test(image.user)) {
      problems.push({
        message: `${image.file} runs as ${image.user ? image.user : 'root (no USER)'}, but ${workload.file} runs the pod as uid ${plan.app.uid} (runAsNonRoot): what the image's root owns is not the app's`,
        files: [image.file, workload.file],
        remedy: `Add USER ${plan.app.uid}:${plan.app.uid} to the final stage of ${image.file}, after the files the app writes are chowned to it.`,
      });
    }
    if (image.expose?.length && workload.containerPort && !image.expose.includes(workload.containerPort)) {
      problems.push({
        message: `${image.file} EXPOSEs ${image.expose.join(', ')}, but ${workload.file} sends traffic to ${workload.containerPort}`,
        files: [image.file, workload.file],
        remedy: `Set app.port in ${plan.paths.answers} to the port the app listens on (or pass --port), or make the app listen on ${workload.containerPort}.`,
      });
    }
    return problems;
  },
};
