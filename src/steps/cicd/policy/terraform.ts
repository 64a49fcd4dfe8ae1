/**
 * Rego run by conftest against `terraform show -json tfplan` (rego.v1). Each deny rule has a
 * unit test in terraform_test.rego. No Rego parser runs offline here: keep these small and plain.
 */

/** Tag keys the root stack's provider default_tags set on every resource (src/steps/iac/root-stack.ts). */
export const REQUIRED_TAGS = ['project', 'environment', 'managed-by'];

export function terraformRego(): string {
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
	some rc in planned_of("aws_s3_bucket_public_access_block")
	some flag in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]
	not rc.change.after[flag] == true
	msg := sprintf("%s: %s must be true", [rc.address, flag])
}

deny contains msg if {
	count(planned_of("aws_s3_bucket")) > count(planned_of("aws_s3_bucket_public_access_block"))
	msg := "every aws_s3_bucket needs an aws_s3_bucket_public_access_block"
}

deny contains msg if {
	count(planned_of("aws_s3_bucket")) > count(planned_of("aws_s3_bucket_server_side_encryption_configuration"))
	msg := "every aws_s3_bucket needs an aws_s3_bucket_server_side_encryption_configuration"
}

deny contains msg if {
	some rc in planned_of("aws_s3_bucket_acl")
	startswith(rc.change.after.acl, "public")
	msg := sprintf("%s: bucket ACL %s is public", [rc.address, rc.change.after.acl])
}

deny contains msg if {
	some rc in planned_of("aws_eks_cluster")
	some vpc in rc.change.after.vpc_config
	vpc.endpoint_public_access == true
	msg := sprintf("%s: the Kubernetes API endpoint must not be public", [rc.address])
}

# tags_all is unknown until apply when a tag value is; those resources are checked on the next plan.
deny contains msg if {
	some rc in planned
	is_object(rc.change.after.tags_all)
	some key in required_tags
	not rc.change.after.tags_all[key]
	msg := sprintf("%s: tag %s is missing", [rc.address, key])
}
`;
}

export function terraformTestRego(): string {
  return `package main

import rego.v1

change(type, after) := {"address": sprintf("%s.x", [type]), "type": type, "change": {"after": after}}

plan_denied(changes, fragment) if {
	inp := {"resource_changes": changes}
	msgs := deny with input as inp
	some msg in msgs
	contains(msg, fragment)
}

bucket := [
	change("aws_s3_bucket", {"tags_all": {"project": "p", "environment": "e", "managed-by": "m"}}),
	change("aws_s3_bucket_public_access_block", {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}),
	change("aws_s3_bucket_server_side_encryption_configuration", {}),
]

test_compliant_plan_passes if count(deny) == 0 with input as {"resource_changes": bucket}

test_public_access_flag_off if plan_denied([change("aws_s3_bucket_public_access_block", {})], "block_public_acls must be true")

test_missing_public_access_block if plan_denied([bucket[0], bucket[2]], "needs an aws_s3_bucket_public_access_block")

test_unencrypted_bucket if plan_denied([bucket[0], bucket[1]], "needs an aws_s3_bucket_server_side_encryption_configuration")

test_public_acl if plan_denied([change("aws_s3_bucket_acl", {"acl": "public-read"})], "ACL public-read is public")

test_public_eks_endpoint if plan_denied([change("aws_eks_cluster", {"vpc_config": [{"endpoint_public_access": true}]})], "endpoint must not be public")

test_missing_tag if plan_denied([change("aws_s3_bucket", {"tags_all": {}})], "tag project is missing")

test_deletion_is_ignored if count(deny) == 0 with input as {"resource_changes": [change("aws_s3_bucket", null)]}
`;
}
