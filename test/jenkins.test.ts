/**
 * The Jenkins adapter's promises, read from the generated files: declarative stages with the
 * deploy branch decided before locks, agents and approvals; production behind an agent-less input
 * limited to a submitter group; one lock per environment; rollback in the rollout stage's
 * post { failure }; secrets only as credentials('ID'), never interpolated by Groovy; and the AWS
 * bootstrap trusting exactly the issuer, audience and subject the oidc-provider plugin issues.
 */
import { describe, expect, it } from 'vitest';
import { withDefaults, type PartialAnswers } from '../src/config/defaults.js';
import { generate } from '../src/core/pipeline.js';
import { parseBlocks } from './validators/jenkins-structure.js';

const BASE: PartialAnswers = { name: 'shop-api', repository: 'acme/shop-api', ci: 'jenkins', ciServer: 'https://jenkins.acme.example' };

async function files(answers: PartialAnswers): Promise<Map<string, string>> {
  const { tree } = await generate(withDefaults({ ...BASE, ...answers }));
  return new Map([...tree.values()].map((f) => [f.path, f.content]));
}

/** Each stage's header line and the text of its body, by name. */
function stages(jenkinsfile: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (blocks: ReturnType<typeof parseBlocks>): void => {
    for (const b of blocks) {
      if (b.name === 'stage') out.set(/'([^']*)'/.exec(b.args)![1]!, b.body);
      walk(b.children);
    }
  };
  walk(parseBlocks(jenkinsfile));
  return out;
}

describe('Jenkins × AWS', () => {
  it('T2: deploy stages on main only, each environment locked and bound to its own id token, production after an approval holding no agent', async () => {
    const out = await files({ tier: 'T2' });
    const jf = out.get('Jenkinsfile')!;
    expect(jf).toMatch(/^pipeline \{\n {2}agent none\n/m);
    const all = stages(jf);
    expect(all.get('delivery')).toMatch(/^\s*when \{ branch 'main' \}/);
    for (const env of ['dev', 'staging', 'prod']) {
      const deploy = all.get(`deploy-${env}`)!;
      expect(deploy).toContain(`lock('shop-api-deploy-${env}')`);
      expect(deploy).toContain(`OIDC_TOKEN_FILE = credentials('OIDC_TOKEN_${env.toUpperCase()}')`);
      // Rollback only in the rollout stage's post { failure }, once the rollout started.
      expect(deploy).toMatch(/post \{\n\s+failure \{\n\s+sh '''\n\s+test -f "\.rollout-\$BUILD_NUMBER" \|\| exit 0\n[\s\S]*deploy\/rollback\.sh/);
    }
    const approval = all.get('approval')!;
    expect(approval).toContain("input { message 'Deploy to prod?'; submitter 'shop-api-approvers' }");
    expect(approval).not.toMatch(/agent|lock\(/);
    // In promotion order: the approval right before production's first stage.
    const order = [...all.keys()];
    expect(order.indexOf('approval')).toBeGreaterThan(order.indexOf('deploy-staging'));
    expect(order.indexOf('approval')).toBeLessThan(order.indexOf('terraform-prod'));
  });

  it('binds secrets only as credentials, and Groovy interpolates nothing', async () => {
    for (const tier of ['T1', 'T2', 'T3'] as const) {
      const jf = (await files({ tier })).get('Jenkinsfile')!;
      // No GString anywhere: outside single-quoted literals and comments there is no double quote.
      const code = jf.replace(/'''[\s\S]*?'''|'(?:[^'\\\n]|\\.)*'/g, "''").replace(/\/\/.*$/gm, '');
      expect(code, tier).not.toContain('"');
      expect(jf).not.toMatch(/withCredentials|--password |AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
      for (const m of jf.matchAll(/credentials\('([^']+)'\)/g)) expect(m[1]).toMatch(/^[A-Z0-9_]+$/);
    }
  });

  it('pins every image a stage or the agent image uses by digest, the test toolchain by its tag', async () => {
    const out = await files({ tier: 'T3' });
    const images = [...out.get('Jenkinsfile')!.matchAll(/image '([^']+)'/g)].map((m) => m[1]!);
    const toolchain = images.filter((i) => !i.includes('@sha256:'));
    expect(new Set(toolchain)).toEqual(new Set(['node:22-bookworm-slim']));
    for (const from of out.get('.jenkins/agent/Dockerfile')!.matchAll(/^FROM (\S+)/gm)) {
      if (from[1]!.startsWith('public.ecr.aws/aws-cli/')) continue; // the cloud's CLI image, by version
      expect(from[1]).toMatch(/:[\w.-]+@sha256:[0-9a-f]{64}$/);
    }
  });

  it('the bootstrap trusts the issuer, audiences and subject the oidc-provider plugin issues', async () => {
    const main = (await files({ tier: 'T2', ciJob: 'platform/shop-api' })).get('infra/bootstrap/main.tf')!;
    expect(main).toContain('url            = "https://jenkins.acme.example/oidc"');
    expect(main).toContain('client_id_list = ["jenkins-dev", "jenkins-staging", "jenkins-prod"]');
    for (const env of ['dev', 'staging', 'prod']) {
      expect(main).toMatch(new RegExp(`${env} = \\{\\n\\s+subjects\\s+= \\["https://jenkins\\.acme\\.example/job/platform/job/shop-api/job/main/"\\]\\n\\s+audience\\s+= "jenkins-${env}"\\n\\s+deploy\\s+= "shop-api-deploy-${env}"`));
    }
    expect(main).toContain('"jenkins.acme.example/oidc:aud" = each.value.audience');
    expect(main).toContain('"jenkins.acme.example/oidc:sub" = each.value.subjects');
    // Terraform's role trusts the same tokens.
    expect(main).toContain('assume_role_policy = aws_iam_role.deploy[each.key].assume_role_policy');
  });

  it('deploys from the answers branch: its when, and its job URL (encoded as Jenkins encodes it) in the trust', async () => {
    const out = await files({ tier: 'T2', branch: 'release/v1' });
    expect(out.get('Jenkinsfile')).toContain("when { branch 'release/v1' }");
    expect(out.get('infra/bootstrap/main.tf')).toContain('"https://jenkins.acme.example/job/acme/job/shop-api/job/release%252Fv1/"');
  });

  it('T3: signs with a KMS key the bootstrap creates, in its region', async () => {
    const out = await files({ tier: 'T3', region: 'eu-west-1' });
    const jf = out.get('Jenkinsfile')!;
    expect(jf).toContain('AWS_REGION=eu-west-1 cosign sign --yes --key awskms:///alias/shop-api-cosign "$IMAGE"');
    const main = out.get('infra/bootstrap/main.tf')!;
    expect(main).toMatch(/resource "aws_kms_key" "signing" \{[\s\S]*key_usage\s+= "SIGN_VERIFY"[\s\S]*customer_master_key_spec = "ECC_NIST_P256"/);
    expect(main).toContain('name          = "alias/shop-api-cosign"');
    // The deploy role may sign with that key, and with no other.
    expect(out.get('infra/bootstrap/policies/deploy.json')).toContain('{"Effect": "Allow", "Action": ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"], "Resource": "${signing_key}"}');
    expect(main).toContain('signing_key = aws_kms_key.signing.arn');
    // GitHub Actions signs keylessly: no key.
    const gh = (await generate(withDefaults({ ...BASE, ci: 'github-actions', tier: 'T3' }))).tree.get('infra/bootstrap/main.tf')!.content;
    expect(gh).not.toContain('SIGN_VERIFY');
  });

  it('without ciServer: a placeholder, and the next steps ask for the real URL', async () => {
    const g = await generate(withDefaults({ name: 'shop-api', repository: 'acme/shop-api', ci: 'jenkins' }));
    expect(g.tree.get('infra/bootstrap/main.tf')!.content).toContain('"https://jenkins.example.com/oidc"');
    expect(g.tree.get('docs/devops/setup-guide.md')!.content).toContain('https://jenkins.example.com/');
  });
});
