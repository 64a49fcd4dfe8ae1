package main

import rego.v1

container := {
	"name": "app",
	"image": "registry/app@sha256:0123",
	"securityContext": {"runAsNonRoot": true, "allowPrivilegeEscalation": false},
	"resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
}

deployment(c, volumes) := {"kind": "Deployment", "metadata": {"name": "app"}, "spec": {"template": {"spec": {"containers": [c], "volumes": volumes}}}}

deployment_denied(c, volumes, fragment) if {
	inp := deployment(c, volumes)
	msgs := deny with input as inp
	some msg in msgs
	contains(msg, fragment)
}

test_compliant_deployment_passes if {
	inp := deployment(container, [])
	count(deny) == 0 with input as inp
}

test_root_container if deployment_denied(json.patch(container, [{"op": "replace", "path": "/securityContext/runAsNonRoot", "value": false}]), [], "must run as non-root")

test_privilege_escalation if deployment_denied(json.remove(container, ["securityContext/allowPrivilegeEscalation"]), [], "allowPrivilegeEscalation: false")

test_missing_memory_limit if deployment_denied(json.remove(container, ["resources/limits"]), [], "resources.limits.memory")

test_latest_image if deployment_denied(object.union(container, {"image": "registry/app:latest"}), [], "not latest")

test_untagged_image if deployment_denied(object.union(container, {"image": "registry:5000/app"}), [], "not latest")

test_host_path if deployment_denied(container, [{"name": "host", "hostPath": {"path": "/"}}], "must not mount a hostPath")
