/**
 * Rego run by conftest against the Azure root stack's plan (`terraform show -json`), as the AWS
 * and Google ones: a private API server and no local accounts on AKS, no registry admin user, a
 * database with no public access, tags. Each deny rule has a test.
 */

/** Tag keys local.tags sets on every resource that takes tags (root-stack.ts). */
const REQUIRED_TAGS = ['project', 'environment', 'managed-by'];

export function azureTerraformRego(): string {
  return `package main

import rego.v1

required_tags := ${JSON.stringify(REQUIRED_TAGS).replaceAll(',', ', ')}

# What the plan creates or keeps; a deletion has no "after" state.
planned contains rc if {
	some rc in input.resource_changes
	rc.change.after != null
}

planned_of(type) := {rc | some rc in planned; rc.type == type}

deny contains msg if {
	some rc in planned_of("azurerm_kubernetes_cluster")
	not rc.change.after.private_cluster_enabled == true
	msg := sprintf("%s: the Kubernetes API endpoint must not be public", [rc.address])
}

deny contains msg if {
	some rc in planned_of("azurerm_kubernetes_cluster")
	not rc.change.after.local_account_disabled == true
	msg := sprintf("%s: local accounts must be disabled (Entra ID only)", [rc.address])
}

deny contains msg if {
	some rc in planned_of("azurerm_container_registry")
	rc.change.after.admin_enabled == true
	msg := sprintf("%s: the registry admin user must be disabled", [rc.address])
}

deny contains msg if {
	some rc in planned_of("azurerm_postgresql_flexible_server")
	not rc.change.after.public_network_access_enabled == false
	msg := sprintf("%s: the database must have no public access", [rc.address])
}

# Tags are unknown until apply when a value is; those resources are checked on the next plan.
deny contains msg if {
	some rc in planned
	is_object(rc.change.after.tags)
	some key in required_tags
	not rc.change.after.tags[key]
	msg := sprintf("%s: tag %s is missing", [rc.address, key])
}
`;
}

export function azureTerraformTestRego(): string {
  return `package main

import rego.v1

change(type, after) := {"address": sprintf("%s.x", [type]), "type": type, "change": {"after": after}}

denies(changes, fragment) if {
	inp := {"resource_changes": changes}
	msgs := deny with input as inp
	some msg in msgs
	contains(msg, fragment)
}

tags := {"project": "p", "environment": "e", "managed-by": "m"}

cluster := change("azurerm_kubernetes_cluster", {"tags": tags, "private_cluster_enabled": true, "local_account_disabled": true})

registry := change("azurerm_container_registry", {"tags": tags, "admin_enabled": false})

database := change("azurerm_postgresql_flexible_server", {"tags": tags, "public_network_access_enabled": false})

test_compliant_plan_passes if count(deny) == 0 with input as {"resource_changes": [cluster, registry, database]}

test_public_endpoint if denies([change("azurerm_kubernetes_cluster", {"local_account_disabled": true})], "endpoint must not be public")

test_local_accounts if denies([change("azurerm_kubernetes_cluster", {"private_cluster_enabled": true})], "local accounts must be disabled")

test_registry_admin if denies([change("azurerm_container_registry", {"admin_enabled": true})], "admin user must be disabled")

test_public_database if denies([change("azurerm_postgresql_flexible_server", {"public_network_access_enabled": true})], "no public access")

test_missing_tag if denies([change("azurerm_key_vault", {"tags": {}})], "tag project is missing")

test_deletion_is_ignored if count(deny) == 0 with input as {"resource_changes": [change("azurerm_kubernetes_cluster", null)]}
`;
}
