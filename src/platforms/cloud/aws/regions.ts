/** AWS region names, and the pairs a T3 second region defaults to. */

/** Close enough for replication, far enough for independence. */
const PAIRS: Record<string, string> = {
  'us-east-1': 'us-west-2',
  'us-east-2': 'us-west-2',
  'us-west-1': 'us-east-1',
  'us-west-2': 'us-east-1',
  'ca-central-1': 'us-east-1',
  'eu-west-1': 'eu-central-1',
  'eu-west-2': 'eu-west-1',
  'eu-west-3': 'eu-central-1',
  'eu-central-1': 'eu-west-1',
  'eu-north-1': 'eu-central-1',
  'ap-southeast-1': 'ap-southeast-2',
  'ap-southeast-2': 'ap-southeast-1',
  'ap-northeast-1': 'ap-northeast-3',
  'ap-south-1': 'ap-southeast-1',
  'sa-east-1': 'us-east-1',
};

export const AWS_REGIONS = {
  pattern: /^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/,
  example: 'us-east-1',
  default: 'us-east-1',
  pair: (region: string): string => PAIRS[region] ?? (region === 'us-east-1' ? 'us-west-2' : 'us-east-1'),
};
