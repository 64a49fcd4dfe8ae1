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
  region: 'a region name of the cloud: us-east-1 (AWS), us-central1 (Google Cloud), eastus2 (Azure)',
  secondaryRegion: 'a region name of the cloud such as us-west-2, us-east1 or centralus, or none',
  repository: 'OWNER/NAME of a GitHub repository or GROUP/PROJECT of a GitLab project (e.g. acme/shop-api)',
  ciServer: 'an https:// URL of your CI server (Jenkins, or self-managed GitLab), a host with an optional port and path, without a query or a trailing "/" (e.g. https://gitlab.example.com)',
  ciJob: 'a job path of names separated by "/" (letters, digits and . _ -), such as acme/shop-api',
  branch: 'a git branch name such as main or release/2024 (letters, digits and . _ / -, no "..")',
  directory: 'a relative path such as services/api, without "." or ".." segments or a leading or trailing "/"',
  clusterAdmins: 'an IAM role or user ARN such as arn:aws:iam::123456789012:role/Admin',
  stateBucket: 'an S3 bucket name: 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit',
  domain: 'a DNS hostname of lower-case labels such as api.example.com, or empty for none',
  'azure.subscription': 'an Azure subscription id: a GUID in lower case (az account show --query id -o tsv)',
  'azure.tenant': 'an Entra ID tenant id: a GUID in lower case (az account show --query tenantId -o tsv)',
  'gcp.project': 'a Google Cloud project id: 6 to 30 lower-case letters, digits and "-", starting with a letter and not ending with "-" (e.g. acme-shop-prod)',
  ownership: 'a relative path inside the stack (letters, digits and . _ / -)',
  'ciIdentity.organization': 'an id of up to 100 letters, digits and . _ -, starting with a letter or digit (CircleCI: the organization UUID)',
  'ciIdentity.project': 'an id of up to 100 letters, digits and . _ -, starting with a letter or digit (CircleCI: the project UUID)',
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
  'app.settings.value': 'one line of text',
  'app.settings.local': 'one line of text',
  'ciProject.organization': 'an Azure DevOps organization name as in https://dev.azure.com/NAME: letters, digits and "-", not starting or ending with "-", at most 50',
  'ciProject.project': 'an Azure DevOps project name: letters, digits, spaces and . _ ( ) -, not starting with a space or a symbol, at most 64',
  'ciProject.organizationId': 'the organization\'s id, a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301',
};

/** "environments[1]" → "environments", "app.settings[0].name" → "app.settings.name". */
export function patternText(field: string): string | undefined {
  return PATTERN_TEXT[field.replace(/\[\d+\]/g, '')];
}
