/**
 * Where a setting is set, in the integration guide's words: the repository, or an environment's
 * place on the CI platform (a GitHub environment, a CircleCI context). The guide writes it and
 * the settings-documented rule looks for it, so both read it here.
 */
import type { Plan } from '../plan/types.js';
import { ciOf } from '../platforms/registry.js';
import type { SettingNeed } from '../steps/facts.js';

export function settingsPlace(plan: Plan, scope: SettingNeed['scope']): string {
  if (scope.type === 'repository') return 'repository';
  return ciOf(plan).guide.settingsIn?.(plan, scope.environment) ?? `environment \`${scope.environment}\``;
}
