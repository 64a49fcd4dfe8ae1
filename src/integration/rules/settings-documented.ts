import type { ConsistencyRule } from '../rule.js';
import { settingsPlace } from '../settings-place.js';

/** Every secret and variable CI references is in the integration guide's table, where it says who sets it where. */
export const settingsDocumented: ConsistencyRule = {
  id: 'settings-documented',
  description: "Every secret and variable the workflows reference appears in the integration guide's settings table.",
  needs: ['cicd'],
  check({ plan, facts, tree }) {
    const guidePath = `${plan.paths.docsDir}/integration-guide.md`;
    const guide = tree.get(guidePath)?.content ?? '';
    const rows = new Set(
      guide
        .split('\n')
        .map((line) => /^\|\s*`([A-Za-z0-9_]+)`\s*\|\s*(secret|variable)\s*\|\s*([^|]+)\|/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `${m[2]} ${m[1]} ${m[3]!.trim()}`),
    );
    const seen = new Set<string>();
    return facts.cicd.needs.flatMap((need) => {
      const where = settingsPlace(plan, need.scope);
      const key = `${need.kind} ${need.name} ${where}`;
      if (rows.has(key) || seen.has(key)) return [];
      seen.add(key);
      return [{
        message: `${need.file} uses ${need.kind} ${need.name} (${where}), but ${guidePath} does not list it`,
        files: [need.file, guidePath],
        remedy: 'Re-run the generator so the guide lists every setting, or add the row by hand if you added the reference yourself.',
      }];
    });
  },
};
