#!/usr/bin/env bash
# Deregisters the revision the deploy registered (else the current one); the service returns to the newest left.
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 CLUSTER SERVICE REGION" >&2; exit 2; }
region=$3
ecs() { aws ecs "$@" --region "$region" --output text; }
failed=$(cat task-definition.arn 2>/dev/null || ecs describe-services --cluster "$1" --services "$2" --query 'services[0].taskDefinition')
family=${failed##*/}
ecs deregister-task-definition --task-definition "$failed" --query taskDefinition.status
previous=$(ecs list-task-definitions --family-prefix "${family%:*}" --sort DESC --max-items 1 --query 'taskDefinitionArns[0]')
[[ $previous == arn:* ]] || { echo "no earlier revision to roll back to" >&2; exit 1; }
ecs update-service --cluster "$1" --service "$2" --task-definition "$previous" --query service.status
timeout 14m deploy/ecs/wait-for-deployment.sh "$1" "$2" "$region" "$previous"
