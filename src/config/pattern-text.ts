/**
 * What each pattern-checked field accepts, in words: a message or remedy never shows the
 * regular expression itself. Keyed by field path with list indices removed ("environments[1]"
 * → "environments"); test/config.test.ts checks that every pattern in the schema has its words.
 */
const PATH = 'a path starting with / (letters, digits and . _ ~ / -), or none';
const COMMAND = 'a command on one line, without ${{ (GitHub expressions are not allowed in commands)';

export const PATTERN_TEXT: Record<string, string> = {
  name: 'a DNS-1123 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit (e.g. shop-api)',
  environments: 'a name of lower-case letters, digits and "-", starting with a letter (e.g. staging)',
  region: 'an AWS region name such as us-east-1',
  secondaryRegion: 'an AWS region name such as us-west-2, or none',
  repository: 'OWNER/NAME of a GitHub repository or GROUP/PROJECT of a GitLab project (e.g. acme/shop-api)',
  ciServer: 'an https URL of a self-managed GitLab server such as https://gitlab.example.com (a host, an optional port and path)',
  branch: 'a git branch name such as main or release/2024 (letters, digits and . _ / -, no "..")',
  directory: 'a relative path such as services/api, without "." or ".." segments or a leading or trailing "/"',
  clusterAdmins: 'an IAM role or user ARN such as arn:aws:iam::123456789012:role/Admin',
  stateBucket: 'an S3 bucket name: 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit',
  domain: 'a DNS hostname of lower-case labels such as api.example.com, or empty for none',
  ownership: 'a relative path inside the stack (letters, digits and . _ / -)',
  'app.healthPath': PATH,
  'app.readinessPath': PATH,
  'app.metricsPath': PATH,
  'app.runtimeVersion': 'a version such as 22, 3.12 or 1.22.3',
  'app.commands.install': COMMAND,
  'app.commands.test': COMMAND,
  'app.commands.build': COMMAND,
  'app.commands.start': 'one argument per item, each on one line, without ${{',
  'app.settings.name': 'an environment variable name: letters, digits and _, not starting with a digit',
  'app.settings.description': 'one line of text',
};

/** "environments[1]" → "environments", "app.settings[0].name" → "app.settings.name". */
export function patternText(field: string): string | undefined {
  return PATTERN_TEXT[field.replace(/\[\d+\]/g, '')];
}
