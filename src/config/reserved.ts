/**
 * Values that fit a field's pattern but that the platform refuses or reserves, each with the
 * reason. The answers schema carries the same rules (a `not` on the field, so that editors flag
 * them too); test/reserved.test.ts keeps the two in step.
 */
export interface ReservedRule {
  pattern: RegExp;
  reason: string;
}

/** The stack's namespace is its name: Kubernetes' own namespaces are never ours to label and apply. */
export const RESERVED_NAMES: readonly ReservedRule[] = [
  { pattern: /^default$/, reason: '"default" is the namespace Kubernetes puts every object without one in, shared by everything in the cluster' },
  { pattern: /^kube-/, reason: 'names starting with kube- are reserved for Kubernetes\' own namespaces (kube-system, kube-public, kube-node-lease)' },
];

/** S3's general purpose bucket naming rules beyond the characters and length (AWS S3 user guide, "Bucket naming rules"). */
export const RESERVED_BUCKETS: readonly ReservedRule[] = [
  { pattern: /\.\./, reason: 'S3 bucket names must not contain two adjacent periods' },
  { pattern: /^\d+\.\d+\.\d+\.\d+$/, reason: 'S3 bucket names must not be formatted as an IP address' },
  { pattern: /^(?:xn--|sthree-|amzn-s3-demo-)/, reason: 'S3 reserves the prefixes xn--, sthree- and amzn-s3-demo-' },
  { pattern: /(?:-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/, reason: 'S3 reserves the suffixes -s3alias, --ol-s3, .mrap, --x-s3 and --table-s3 for access points and other bucket types' },
];

export const RESERVED: Readonly<Record<string, readonly ReservedRule[]>> = { name: RESERVED_NAMES, stateBucket: RESERVED_BUCKETS };

/** Why a value is reserved for a field, or undefined. */
export function reservedReason(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return RESERVED[field]?.find((rule) => rule.pattern.test(value))?.reason;
}
