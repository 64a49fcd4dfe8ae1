/**
 * The names an Azure target creates that must be unique: the registry, key vault and database
 * server across all of Azure (DNS names), the resource group in the subscription.
 */
import type { Plan } from '../../../../plan/types.js';
import type { UniqueName } from '../../../../steps/facts.js';

export function azureUniqueNames(values: Record<string, string>, _plan: Plan): Omit<UniqueName, 'targetId' | 'file'>[] {
  const region = values['region'] ?? '';
  const names: Omit<UniqueName, 'targetId' | 'file'>[] = [];
  const add = (key: string, kind: string, scope: UniqueName['scope']) => {
    if (values[key]) names.push({ name: values[key]!, kind, scope, region });
  };
  add('resource_group', 'resource group', 'account');
  add('registry_name', 'container registry', 'global');
  add('key_vault_name', 'key vault', 'global');
  add('db_server_name', 'PostgreSQL flexible server', 'global');
  return names;
}
