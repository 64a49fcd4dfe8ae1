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

/** Marks kept files as "kept" (not written) and adds the detection. */
export function withExistingRepo<R extends RunReport>(report: R, planned: GenerateWrites, detection: Detection | undefined): R & ExistingRepoReport {
  const kept = new Set(planned.kept.map((k) => k.path));
  return {
    ...report,
    files: report.files.map((f) => (kept.has(f.path) ? { ...f, status: 'kept' } : f)),
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
