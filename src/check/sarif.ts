/**
 * SARIF 2.1.0 for GitHub code scanning: one result per finding, located at the first
 * file it names (relative to the directory check runs from, which in CI is the
 * checkout root), so pull requests are annotated on the file to change.
 */
import { RULES } from '../integration/rules/index.js';
import type { CheckFinding } from './findings.js';
import { DRIFT_RULES } from './findings.js';

const INFORMATION_URI = 'https://github.com/create-devops-stack/create-devops-stack';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  help: { text: string };
}

/** Every rule check can report, sorted by id, so ruleIndex is stable across runs. */
export function sarifRules(): SarifRule[] {
  const drift = Object.entries(DRIFT_RULES).map(([id, r]) => ({ id: `drift/${id}`, description: r.description }));
  const consistency = RULES.map((r) => ({ id: `consistency/${r.id}`, description: r.description }));
  return [...drift, ...consistency]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) // by code unit: the same in every locale
    .map(({ id, description }) => ({ id, name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()), shortDescription: { text: description }, help: { text: description } }));
}

export function toSarif(findings: readonly CheckFinding[], version: string, uriOf: (path: string) => string): object {
  const rules = sarifRules();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'create-devops-stack', version, informationUri: INFORMATION_URI, rules } },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: f.level,
          message: { text: `${f.message}. ${f.remedy}` },
          locations: f.files.slice(0, 1).map((file) => ({
            physicalLocation: { artifactLocation: { uri: uriOf(file), uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
          })),
          ...(f.files.length > 1
            ? { relatedLocations: f.files.slice(1).map((file, i) => ({ id: i + 1, physicalLocation: { artifactLocation: { uri: uriOf(file), uriBaseId: '%SRCROOT%' } } })) }
            : {}),
        })),
      },
    ],
  };
}
