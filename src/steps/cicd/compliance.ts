/**
 * compliance-report (T3): one Markdown table of every gate job's result and step outcomes for
 * this run (image scan and SBOM in build, opa test, conftest per target), as a job summary and
 * a downloadable artifact. It runs even when a gate failed: that is when the report matters most.
 */
import { uses } from '../../data/action-pins.js';
import { RUNNER, expr, type GhaJob } from './gha.js';

export const COMPLIANCE_JOB = 'compliance-report';

export function complianceJob(jobs: string[]): GhaJob {
  // One row per job: its result, then the outcomes it exports (scan, sbom, conftest); a job that
  // never ran (an earlier gate stopped the pipeline) shows as skipped.
  const rows = 'to_entries[] | "| \\(.key) | \\(.value.result) | \\(.value.outputs | del(.digest) | to_entries | map("\\(.key): \\(.value)") | join(", ")) |"';
  return {
    needs: jobs,
    if: 'always()',
    'runs-on': RUNNER,
    'timeout-minutes': 5,
    steps: [
      {
        name: 'Write the compliance report',
        env: { NEEDS: expr('toJSON(needs)'), DIGEST: expr('needs.build.outputs.digest') },
        run: [
          '{',
          '  printf "# Compliance report\\n\\nImage: %s\\n\\n| job | result | gates |\\n| --- | --- | --- |\\n" "${DIGEST:-not built}"',
          `  jq -r '${rows}' <<< "$NEEDS"`,
          '} > compliance-report.md',
          'cat compliance-report.md >> "$GITHUB_STEP_SUMMARY"',
          '',
        ].join('\n'),
      },
      // Written by the run step above in the workspace: this job checks nothing out, so even below
      // the repository root it runs there (steps/cicd/monorepo.ts), not in the stack's directory.
      { uses: uses('actions/upload-artifact'), with: { name: COMPLIANCE_JOB, path: 'compliance-report.md' } },
    ],
  };
}
