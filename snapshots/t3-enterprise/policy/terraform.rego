package main

import rego.v1

required_tags := ["project", "environment", "managed-by"]

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
