#!/usr/bin/env bash
# Succeeds once the service's current deployment is the revision given and COMPLETED; fails if
# ECS rolled it back (circuit breaker, alarms) or it failed.
set -euo pipefail
[[ $# -eq 4 ]] || { echo "usage: $0 CLUSTER SERVICE REGION TASK_DEFINITION_ARN" >&2; exit 2; }
query="services[0].deployments[?status=='PRIMARY'] | [0].[taskDefinition, rolloutState]"
while state=$(aws ecs describe-services --cluster "$1" --services "$2" --region "$3" --query "$query" --output text) && [[ $state == *IN_PROGRESS* ]]; do sleep 15; done
echo "$state"
[[ $state == "$4"$'	'COMPLETED ]]
