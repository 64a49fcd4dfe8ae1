package main

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
