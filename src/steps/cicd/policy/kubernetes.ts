/**
 * Rego run by conftest against the rendered overlay (`kubectl kustomize … | conftest test -`),
 * one manifest per input. Each deny rule has a unit test in kubernetes_test.rego.
 */

export function kubernetesRego(): string {
  return `package main

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "Job", "Rollout"}

pod_spec := input.spec.template.spec if input.kind in workload_kinds

pod_spec := input.spec.jobTemplate.spec.template.spec if input.kind == "CronJob"

containers contains c if some c in pod_spec.containers

containers contains c if some c in pod_spec.initContainers

name := sprintf("%s/%s", [input.kind, input.metadata.name])

non_root(c) if c.securityContext.runAsNonRoot == true

non_root(c) if {
	not c.securityContext.runAsNonRoot == false
	pod_spec.securityContext.runAsNonRoot == true
}

deny contains msg if {
	some c in containers
	not non_root(c)
	msg := sprintf("%s: container %s must run as non-root (runAsNonRoot: true)", [name, c.name])
}

deny contains msg if {
	some c in containers
	not c.securityContext.allowPrivilegeEscalation == false
	msg := sprintf("%s: container %s must set allowPrivilegeEscalation: false", [name, c.name])
}

deny contains msg if {
	some c in containers
	some path in [["requests", "cpu"], ["requests", "memory"], ["limits", "memory"]]
	not object.get(c, ["resources", path[0], path[1]], false)
	msg := sprintf("%s: container %s must set resources.%s.%s", [name, c.name, path[0], path[1]])
}

deny contains msg if {
	some c in containers
	latest_or_untagged(c.image)
	msg := sprintf("%s: container %s must pin its image by tag or digest, not latest", [name, c.name])
}

latest_or_untagged(image) if endswith(image, ":latest")

latest_or_untagged(image) if {
	not contains(image, "@")
	parts := split(image, "/")
	not contains(parts[count(parts) - 1], ":")
}

deny contains msg if {
	some v in pod_spec.volumes
	v.hostPath
	msg := sprintf("%s: volume %s must not mount a hostPath", [name, v.name])
}
`;
}

export function kubernetesTestRego(): string {
  return `package main

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
`;
}
