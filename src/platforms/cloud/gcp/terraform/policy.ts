/**
 * Rego run by conftest against the Google Cloud root stack's plan (`terraform show -json`), as the
 * AWS ones (src/steps/cicd/policy/terraform.ts): private nodes and API endpoint, a database with
 * no public address, deletion protection where data lives, labels. Each deny rule has a test.
 */

/** Label keys the provider's default_labels set on every resource (root-stack.ts). */
const REQUIRED_LABELS = ['project', 'environment', 'managed-by'];

export function gcpTerraformRego(): string {
  return `package main

import rego.v1

required_labels := ${JSON.stringify(REQUIRED_LABELS).replaceAll(',', ', ')}

# What the plan creates or keeps; a deletion has no "after" state.
planned contains rc if {
	some rc in input.resource_changes
	rc.change.after != null
}

planned_of(type) := {rc | some rc in planned; rc.type == type}

deny contains msg if {
	some rc in planned_of("google_container_cluster")
	some p in rc.change.after.private_cluster_config
	not p.enable_private_nodes == true
	msg := sprintf("%s: nodes must have no public address", [rc.address])
}

deny contains msg if {
	some rc in planned_of("google_container_cluster")
	some p in rc.change.after.private_cluster_config
	not p.enable_private_endpoint == true
	msg := sprintf("%s: the Kubernetes API endpoint must not be public", [rc.address])
}

deny contains msg if {
	some rc in planned_of("google_sql_database_instance")
	some s in rc.change.after.settings
	some ip in s.ip_configuration
	ip.ipv4_enabled == true
	msg := sprintf("%s: the database must have no public address", [rc.address])
}

deny contains msg if {
	some rc in planned_of("google_sql_database_instance")
	not rc.change.after.deletion_protection == true
	msg := sprintf("%s: deletion protection must be on", [rc.address])
}

# terraform_labels (the resource's and the provider's default labels) is unknown until apply when a
# value is; those resources are checked on the next plan.
deny contains msg if {
	some rc in planned
	is_object(rc.change.after.terraform_labels)
	some key in required_labels
	not rc.change.after.terraform_labels[key]
	msg := sprintf("%s: label %s is missing", [rc.address, key])
}
`;
}

export function gcpTerraformTestRego(): string {
  return `package main

import rego.v1

change(type, after) := {"address": sprintf("%s.x", [type]), "type": type, "change": {"after": after}}

denies(changes, fragment) if {
	inp := {"resource_changes": changes}
	msgs := deny with input as inp
	some msg in msgs
	contains(msg, fragment)
}

labels := {"project": "p", "environment": "e", "managed-by": "m"}

cluster := change("google_container_cluster", {"terraform_labels": labels, "private_cluster_config": [{"enable_private_nodes": true, "enable_private_endpoint": true}]})

database := change("google_sql_database_instance", {"deletion_protection": true, "settings": [{"ip_configuration": [{"ipv4_enabled": false}]}]})

test_compliant_plan_passes if count(deny) == 0 with input as {"resource_changes": [cluster, database]}

test_public_nodes if denies([change("google_container_cluster", {"private_cluster_config": [{"enable_private_endpoint": true}]})], "nodes must have no public address")

test_public_endpoint if denies([change("google_container_cluster", {"private_cluster_config": [{"enable_private_nodes": true}]})], "endpoint must not be public")

test_public_database if denies([change("google_sql_database_instance", {"deletion_protection": true, "settings": [{"ip_configuration": [{"ipv4_enabled": true}]}]})], "no public address")

test_unprotected_database if denies([change("google_sql_database_instance", {"settings": []})], "deletion protection must be on")

test_missing_label if denies([change("google_artifact_registry_repository", {"terraform_labels": {}})], "label project is missing")

test_deletion_is_ignored if count(deny) == 0 with input as {"resource_changes": [change("google_container_cluster", null)]}
`;
}
