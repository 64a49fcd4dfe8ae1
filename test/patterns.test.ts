import { describe, expect, it } from 'vitest';
import { hasWildcard, patternsIntersect } from '../src/integration/patterns.js';

describe('resource patterns', () => {
  it('finds a resource both patterns match, with wildcards on either side', () => {
    expect(patternsIntersect('arn:aws:eks:*:*:cluster/shop-api-*', 'arn:aws:eks:us-east-1:*:cluster/shop-api-prod')).toBe(true);
    expect(patternsIntersect('*', 'arn:aws:iam::*:role/x')).toBe(true);
    expect(patternsIntersect('arn:aws:ec2:*', 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1')).toBe(true);
    expect(patternsIntersect('arn:aws:s3:::b/app/prod/*', 'arn:aws:s3:::b/app/prod/us-west-2/terraform.tfstate*')).toBe(true);
    expect(patternsIntersect('a?c', 'ab*')).toBe(true);
  });

  it('keeps environments apart whose names share a prefix', () => {
    expect(patternsIntersect('arn:aws:eks:us-east-1:*:nodegroup/shop-api-prod/*', 'arn:aws:eks:us-east-1:*:nodegroup/shop-api-prod-eu/*')).toBe(false);
    expect(patternsIntersect('arn:aws:s3:::b/app/prod/terraform.tfstate*', 'arn:aws:s3:::b/app/prod-eu/terraform.tfstate*')).toBe(false);
    expect(patternsIntersect('arn:aws:iam::*:role/shop-api-dev-cluster', 'arn:aws:iam::*:role/shop-api-prod-cluster')).toBe(false);
  });

  it('lets a star stand for one ARN field only, and a placeholder for any value of its field', () => {
    // `*` as the account cannot swallow the resource type: no real ARN matches both.
    expect(patternsIntersect('arn:aws:eks:us-east-1:${account}:nodegroup/shop-api-dev/*', 'arn:aws:eks:us-east-1:*:cluster/shop-api-prod')).toBe(false);
    expect(patternsIntersect('arn:aws:iam::${account}:role/aws-service-role/*', 'arn:aws:iam::*:role/shop-api-prod-cluster')).toBe(false);
    expect(patternsIntersect('arn:aws:iam::${account}:role/shop-api-prod-node', 'arn:aws:iam::*:role/shop-api-prod-node')).toBe(true);
    // The resource field may hold colons (log groups, RDS): a star there spans them.
    expect(patternsIntersect('arn:aws:logs:us-east-1:1:log-group:/aws/eks/c/*', 'arn:aws:logs:us-east-1:*:log-group:/aws/eks/c/cluster:*')).toBe(true);
    // A placeholder outside an ARN (a whole ARN filled in on apply) is opaque.
    expect(patternsIntersect('${state_key}', 'arn:aws:kms:*:*:key/*')).toBe(false);
  });

  it('tells a pattern from a single name', () => {
    expect(hasWildcard('arn:aws:kms:us-east-1:1:key/abc')).toBe(false);
    expect(hasWildcard('arn:aws:kms:*:1:key/abc')).toBe(true);
  });
});
