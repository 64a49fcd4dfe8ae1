/**
 * The alert unit tests in CI: `promtool check rules` on the plain rule file the tests load, then
 * `promtool test rules` on the tests, in Prometheus's own image (the promtool of the Prometheus
 * release the tests are written for). Only where the tests are generated (features.slo, T2+).
 */
import type { Plan } from '../../plan/types.js';
import { observabilityFiles } from '../observability/names.js';
import type { Job } from './model.js';

/** Prometheus v3.5.0 (LTS); its entrypoint is `prometheus`, so every platform replaces it. */
export const PROMTOOL_IMAGE = 'prom/prometheus:v3.5.0@sha256:63805ebb8d2b3920190daf1cb14a60871b16fd38bed42b857a3182bc621f4996';

/** Commands the tools' own images provide (besides the shell and coreutils of their busybox base). */
const TOOL_IMAGES: Record<string, string[]> = { [PROMTOOL_IMAGE]: ['promtool', 'prometheus'] };

/** What a tool image jobs run in provides, for the commands-available rule of every platform. */
export const toolImageTools = (image: string): string[] => TOOL_IMAGES[image] ?? [];

export const ALERT_TESTS_JOB = 'alert-tests';

export function alertTestsJobs(plan: Pick<Plan, 'features' | 'name' | 'paths'>): Job[] {
  if (!plan.features.slo) return [];
  const f = observabilityFiles(plan);
  return [{
    id: ALERT_TESTS_JOB,
    needs: [],
    runner: { kind: 'hosted' },
    container: { image: PROMTOOL_IMAGE },
    timeoutMinutes: 10,
    grants: [],
    // rule_files in the tests is relative to the test file: promtool resolves it from there.
    steps: [{ kind: 'checkout' }, { kind: 'run', run: `promtool check rules ${f.ruleTestsRules}` }, { kind: 'run', run: `promtool test rules ${f.ruleTests}` }],
  }];
}
