/**
 * The two scripts a deploy runs besides single commands: the wait for an ECS deployment (a loop
 * whose JMESPath quoting would not survive a CI file's one-liner), and the rollback, which CI
 * runs when the rollout failed and a person runs by hand (docs/devops/deployment-strategy.md).
 */
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { REGISTERED_REVISION } from './names.js';
import { ECS_ROLLBACK_MINUTES, WAIT_SCRIPT } from './commands.js';

const WAIT = `#!/usr/bin/env bash
# Succeeds once the service's current deployment is the revision given and COMPLETED; fails if
# ECS rolled it back (circuit breaker, alarms) or it failed.
set -euo pipefail
[[ $# -eq 4 ]] || { echo "usage: $0 CLUSTER SERVICE REGION TASK_DEFINITION_ARN" >&2; exit 2; }
query="services[0].deployments[?status=='PRIMARY'] | [0].[taskDefinition, rolloutState]"
while state=$(aws ecs describe-services --cluster "$1" --services "$2" --region "$3" --query "$query" --output text) && [[ $state == *IN_PROGRESS* ]]; do sleep 15; done
echo "$state"
[[ $state == "$4"$'\t'COMPLETED ]]
`;

const rollback = (): string => `#!/usr/bin/env bash
# Deregisters the revision the deploy registered (else the current one); the service returns to the newest left.
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 CLUSTER SERVICE REGION" >&2; exit 2; }
region=$3
ecs() { aws ecs "$@" --region "$region" --output text; }
failed=$(cat ${REGISTERED_REVISION} 2>/dev/null || ecs describe-services --cluster "$1" --services "$2" --query 'services[0].taskDefinition')
family=\${failed##*/}
ecs deregister-task-definition --task-definition "$failed" --query taskDefinition.status
previous=$(ecs list-task-definitions --family-prefix "\${family%:*}" --sort DESC --max-items 1 --query 'taskDefinitionArns[0]')
[[ $previous == arn:* ]] || { echo "no earlier revision to roll back to" >&2; exit 1; }
ecs update-service --cluster "$1" --service "$2" --task-definition "$previous" --query service.status
timeout ${ECS_ROLLBACK_MINUTES - 1}m ${WAIT_SCRIPT} "$1" "$2" "$region" "$previous"
`;

export function scriptFiles(plan: Plan): VirtualFile[] {
  return [
    { path: WAIT_SCRIPT, content: WAIT, producer: 'deployment', summary: 'Waits for an ECS deployment; fails if ECS rolled it back', executable: true },
    { path: plan.paths.rollbackScript, content: rollback(), producer: 'deployment', summary: 'Rolls the ECS service back to the revision before, and waits for it', executable: true },
  ];
}
