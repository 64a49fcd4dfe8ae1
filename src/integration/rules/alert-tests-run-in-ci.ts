import type { ConsistencyRule } from '../rule.js';

/** The files a `promtool test rules` line tests ('' paths and flags left out), as paths from the stack. */
export function promtoolTestedFiles(line: string): string[] {
  const words = line.trim().split(/\s+/);
  const at = words.findIndex((w, i) => w === 'promtool' && words[i + 1] === 'test' && words[i + 2] === 'rules');
  if (at < 0) return [];
  const args: string[] = [];
  for (const word of words.slice(at + 3)) {
    if (/^(&&|\|\||;|\|)$/.test(word)) break;
    if (!word.startsWith('-')) args.push(word.replace(/^\.\//, '').replace(/[;'"]+$/, ''));
  }
  return args;
}

/**
 * Alert unit tests protect the alerts only where a change cannot merge while they fail: each
 * generated test file is run by a CI job (`promtool test rules FILE`) on a runner or image that
 * has promtool.
 */
export const alertTestsRunInCi: ConsistencyRule = {
  id: 'alert-tests-run-in-ci',
  description: 'Every alert unit-test file is run by a CI job (`promtool test rules`) where promtool is available.',
  needs: ['observability', 'cicd'],
  check({ facts }) {
    const { jobs, workflows } = facts.cicd;
    return facts.observability.ruleTests.flatMap((test) => {
      const running = jobs.filter((j) => j.commands.some((c) => promtoolTestedFiles(c).includes(test.file)));
      const able = running.filter((j) => j.available.includes('promtool') || j.installs.includes('promtool'));
      if (able.length) return [];
      const files = [...new Set(jobs.map((j) => j.file))];
      const ci = files.length ? files.join(', ') : workflows.join(', ') || 'the CI files';
      return [{
        message: running.length
          ? `${running.map((j) => `${j.file} job ${j.id}`).join(', ')} runs \`promtool test rules ${test.file}\` where promtool is not available: the alert unit tests never run`
          : `${test.file} holds the alert unit tests, but no job of ${ci} runs \`promtool test rules ${test.file}\`: a change that breaks an alert merges unnoticed`,
        files: [...(running.length ? [] : [test.file]), ...(files.length ? files : workflows)],
        remedy: 'Run `promtool test rules` on the file in a CI job, in the pinned prom/prometheus image (re-run create-devops-stack to write the alert-tests job).',
      }];
    });
  },
};
