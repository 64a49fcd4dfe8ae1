import type { ConsistencyRule } from '../rule.js';

/**
 * `promtool test rules` reads plain rule files only, so the unit tests load a copy of the
 * PrometheusRule's groups. The tests prove something only while that copy is what Prometheus
 * evaluates: a copy edited alone (or a test pointing at the Kubernetes object) fails here.
 */
export const alertTestsLoadDeployedRules: ConsistencyRule = {
  id: 'alert-tests-load-deployed-rules',
  description: 'The alert unit tests load plain rule files that promtool reads, holding exactly the groups of the deployed PrometheusRules.',
  needs: ['observability'],
  check({ facts }) {
    const { ruleTests, deployedRuleGroups } = facts.observability;
    const deployed = deployedRuleGroups.map((d) => JSON.parse(d.value) as unknown[]).flat();
    const deployedFiles = deployedRuleGroups.map((d) => d.file);
    return ruleTests.flatMap((test) => {
      const unreadable = test.ruleFiles.filter((r) => r.groups === null);
      if (unreadable.length) {
        return unreadable.map((r) => ({
          message: `${test.file} loads ${r.file}, which is ${deployedFiles.includes(r.file) ? 'a PrometheusRule object' : 'missing or not a rule file'}: promtool reads only plain rule files (top-level \`groups\`), so \`promtool test rules\` fails`,
          files: [test.file, r.file],
          remedy: `Load a plain rule file holding the PrometheusRule's spec.groups (re-run create-devops-stack to write it).`,
        }));
      }
      const tested = test.ruleFiles.flatMap((r) => JSON.parse(r.groups!) as unknown[]);
      if (JSON.stringify(tested) === JSON.stringify(deployed)) return [];
      return [{
        message: `${test.ruleFiles.map((r) => r.file).join(', ')} (loaded by ${test.file}) differs from the groups of ${deployedFiles.join(', ') || 'no PrometheusRule'}: the tests check rules Prometheus does not run`,
        files: [...test.ruleFiles.map((r) => r.file), ...deployedFiles],
        remedy: 'Make the change in both files (or re-run create-devops-stack), then run `promtool test rules` again.',
      }];
    });
  },
};
