#!/usr/bin/env bash
# Deploys KIND.yaml with KIND.TARGET.json (in its Region) by change set; plan refuses replacing Cluster Registry but ALLOW_REPLACE.
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 status|plan|apply KIND TARGET [ROLE]" >&2; exit 2; }
cfn() { aws cloudformation "$@"; }
dir=$(dirname "$0") stack=shop-api-$2-$3
marker=".change-set-$stack"
AWS_REGION=$(sed -n 's/.*"Region","ParameterValue":"\([^"]*\)".*/\1/p' "$dir/$2.$3.json")
export AWS_REGION
status() { cfn describe-stacks --stack-name "$stack" --query 'Stacks[0].StackStatus' --output text 2>/dev/null || echo NONE; }
case $1 in
status) echo "$stack: $(status)" ;;
apply)
  name=$(cat "$marker")
  [[ $name != none ]] || exit 0
  w=update
  [[ $(status) != REVIEW_IN_PROGRESS ]] || w=create
  cfn execute-change-set --stack-name "$stack" --change-set-name "$name"
  cfn wait "stack-$w-complete" --stack-name "$stack" || {
    cfn describe-stack-events --stack-name "$stack" --output table --query \
      "StackEvents[?contains(ResourceStatus, 'FAILED')].[LogicalResourceId,ResourceStatusReason]"
    exit 1
  } ;;
plan)
  role=()
  [[ $# -lt 4 ]] || role=(--role-arn "arn:aws:iam::$(aws sts get-caller-identity --query Account --output text):role/$4")
  current=$(status)
  # A stack whose creation rolled back cannot be updated: delete it, create it again.
  if [[ $current == ROLLBACK_COMPLETE ]]; then
    cfn delete-stack --stack-name "$stack" "${role[@]}"
    cfn wait stack-delete-complete --stack-name "$stack"
    current=NONE
  fi
  type=UPDATE
  [[ $current != NONE && $current != REVIEW_IN_PROGRESS ]] || type=CREATE
  cs=(--stack-name "$stack" --change-set-name "deploy-$(date -u +%Y%m%d%H%M%S)")
  cfn create-change-set "${cs[@]}" --change-set-type "$type" --template-body "file://$dir/$2.yaml" \
    --parameters "file://$dir/$2.$3.json" "${role[@]}" --capabilities CAPABILITY_NAMED_IAM \
    --tags Key=project,Value=shop-api Key=environment,Value="$3"
  if ! cfn wait change-set-create-complete "${cs[@]}"; then
    reason=$(cfn describe-change-set "${cs[@]}" --query StatusReason --output text)
    cfn delete-change-set "${cs[@]}"
    [[ $reason == *"didn't contain changes"* || $reason == *"No updates"* ]] || { echo "$reason" >&2; exit 1; }
    echo none >"$marker"
    exit 0
  fi
  cfn describe-change-set "${cs[@]}" --output table --query 'Changes[].ResourceChange.[Action,LogicalResourceId,ResourceType,Replacement]'
  for id in $(cfn describe-change-set "${cs[@]}" --output text \
    --query "Changes[?ResourceChange.Action=='Modify' && ResourceChange.Replacement!='False'].ResourceChange.LogicalResourceId"); do
    if [[ " Cluster Registry " == *" $id "* && " ${ALLOW_REPLACE:-} " != *" $id "* ]]; then
      echo "the change set may replace $id, which holds state (ALLOW_REPLACE=$id accepts it)" >&2
      cfn delete-change-set "${cs[@]}"
      exit 1
    fi
  done
  echo "${cs[3]}" >"$marker" ;;
*) exit 2 ;;
esac
