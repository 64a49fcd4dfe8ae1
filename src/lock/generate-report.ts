/**
 * The part of a generate report about an existing repository: what was detected and
 * from which file, and which existing files were kept instead of ours (and why).
 */
import type { RunReport } from '../cli/report.js';
import { formatDetection, type Detection } from '../detect/index.js';
import { relation, type GenerateWrites, type KeptFile } from './generate-plan.js';

export interface ExistingRepoReport {
  detected: Detection['detected'];
  kept: KeptFile[];
  /** Files an earlier run generated and this one does not, unmodified: deleted. */
  removed: string[];
  /** The repository's own local orchestration, and how our output relates to it. */
  orchestration: { path: string; message: string }[];
}

/** What an existing Dockerfile's final stage says, as detection read it (detect/repository/containers.ts). */
export interface DockerfileFacts {
  cmd?: string;
  entrypoint?: string;
  user?: string;
  expose?: number;
}

/**
 * The summary line of a file we kept: the user's file as it is, never ours. A kept Dockerfile is
 * checked for what the workload relies on: a start command, a non-root user, the app's port.
 */
export function keptSummary(existing: string, detection: Detection | undefined, app?: { port: number; commands: { start: string[] } }): string {
  const facts = detection?.detected.find((d) => d.field === 'dockerfile' && d.file === existing)?.value as DockerfileFacts | undefined;
  if (!facts) return 'yours, kept as is';
  const problems = dockerfileProblems(facts, app);
  const start = facts.entrypoint ? `ENTRYPOINT ${facts.entrypoint}` : facts.cmd ? `CMD ${facts.cmd}` : '';
  return problems.length ? `kept as is; ${problems.join('; ')}` : `kept as is: yours (${[start, `USER ${facts.user}`].filter(Boolean).join(', ')})`;
}

/** What an existing Dockerfile lacks that the workload relies on ([] when nothing). */
export function dockerfileProblems(facts: DockerfileFacts, app?: { port: number; commands: { start: string[] } }): string[] {
  return [
    !facts.cmd && !facts.entrypoint ? `it has no CMD: the image runs its base image's command${app ? `; add CMD ${JSON.stringify(app.commands.start)}` : ''}` : '',
    !facts.user || /^(root|0)(:|$)/.test(facts.user) ? 'it runs as root: add USER 10001 (the pod runs it as uid 10001, which may not own what the image writes as root)' : '',
    app && facts.expose !== undefined && facts.expose !== app.port ? `it exposes ${facts.expose}, the workload sends traffic to ${app.port} (app.port)` : '',
  ].filter(Boolean);
}

/** Marks kept files as "kept" (not written), describes them as they are, and adds the detection. */
export function withExistingRepo<R extends RunReport>(report: R, planned: GenerateWrites, detection: Detection | undefined, app?: { port: number; commands: { start: string[] } }): R & ExistingRepoReport {
  const kept = new Map(planned.kept.map((k) => [k.path, k]));
  return {
    ...report,
    files: report.files.map((f) => {
      const k = kept.get(f.path);
      if (!k) return f;
      // Our summary describes our file: an adopted Dockerfile is the user's, described from what it says.
      return { ...f, status: 'kept', ...(k.reason === 'adopted' || k.reason === 'user' ? { summary: keptSummary(k.existing, detection, app) } : {}) };
    }),
    detected: detection?.detected ?? [],
    kept: planned.kept,
    removed: planned.removed.map((r) => r.path),
    orchestration: (detection?.orchestration ?? []).filter((p) => !planned.kept.some((k) => k.existing === p)).map((path) => ({ path, message: relation(path) })),
  };
}

export function formatExistingRepo(report: ExistingRepoReport & { dryRun?: boolean }): string {
  const lines: string[] = [];
  if (report.detected.length) lines.push('', 'Detected in the existing repository', ...formatDetection({ detected: report.detected }));
  if (report.kept.length) {
    lines.push('', 'Kept as they are (not overwritten)');
    for (const k of report.kept) {
      const ours = k.existing === k.path ? k.path : `${k.existing} (instead of our ${k.path})`;
      lines.push(`  ${ours}: ${k.message}`);
    }
  }
  if (report.removed.length) {
    lines.push('', `${report.dryRun ? 'Would remove' : 'Removed'}: generated before, no longer generated, and unmodified`);
    for (const path of report.removed) lines.push(`  ${path}`);
  }
  if (report.orchestration.length) {
    lines.push('', 'Your local orchestration (kept; nothing generated replaces it)');
    for (const o of report.orchestration) lines.push(`  ${o.path}: ${o.message}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
