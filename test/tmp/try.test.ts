import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'vitest';
import { checkGitlabCi } from '../validators/gitlab-ci.js';
function loadTree(dir: string) {
  const files: { path: string; content: string }[] = [];
  const walk = (d: string): void => { for (const name of readdirSync(d)) { const p = join(d, name); if (statSync(p).isDirectory()) walk(p); else files.push({ path: relative(dir, p), content: readFileSync(p, 'utf8') }); } };
  walk(dir);
  return new Map(files.map((f) => [f.path, f]));
}
it('try', async () => {
  const t = loadTree('test/validators/fixtures/gitlab');
  let t0 = Date.now();
  console.log(await checkGitlabCi(t), Date.now() - t0);
  const bad = new Map(t);
  const f = t.get('ci/deploy.yml')!;
  bad.set('ci/deploy.yml', { path: 'ci/deploy.yml', content: f.content.replace('  resource_group: staging\n', '  resourcegroup: staging\n').replace('needs: [deploy-staging]', 'needs: [deploy-stage]') });
  t0 = Date.now();
  console.log(await checkGitlabCi(bad), Date.now() - t0);
});
import { checkShellcheck } from '../validators/shellcheck.js';
it('sc', async () => {
  const t = loadTree('test/validators/fixtures/gitlab');
  console.log(await checkShellcheck(t));
  const bad = new Map(t);
  const f = t.get('ci/deploy.yml')!;
  bad.set('ci/deploy.yml', { path: 'ci/deploy.yml', content: f.content.replace('--cluster shop-api-production --service', '--cluster $CLUSTER_$ENV --service') });
  console.log(await checkShellcheck(bad));
});
import { checkCircleci } from '../validators/circleci.js';
it('cci', async () => {
  const t = loadTree('test/validators/fixtures/circleci');
  let t0 = Date.now();
  console.log(await checkCircleci(t), Date.now() - t0);
  console.log(await checkShellcheck(t));
  const bad = new Map(t);
  const f = t.get('.circleci/config.yml')!;
  bad.set('.circleci/config.yml', { path: '.circleci/config.yml', content: f.content.replace('    resource_class: medium', '    resource_clas: medium').replace('requires: [hold-production]', 'requires: [hold-prod]').replace('aws-cli@5.1.2', 'aws-cli@5').replace('context: shop-api-production', 'context: shop-api-prod').replace('          serial-group: << pipeline.project.slug >>/deploy-staging\n', '').replace('      - hold-production:\n          type: approval\n', '      - hold-production:\n') });
  t0 = Date.now();
  console.log(await checkCircleci(bad), Date.now() - t0);
});
import { checkAzurePipelines } from '../validators/azure-pipelines.js';
it('ado', async () => {
  const t = loadTree('test/validators/fixtures/azure-pipelines');
  let t0 = Date.now();
  console.log(await checkAzurePipelines(t), Date.now() - t0);
  const bad = new Map(t);
  const f = t.get('azure-pipelines.yml')!;
  bad.set('azure-pipelines.yml', { path: 'azure-pipelines.yml', content: f.content.replace('lockBehavior: sequential', 'lockBehavior: sequentiall').replace('            displayName: Test', '            displayNam: Test').replace('dependsOn: deploy_staging', 'dependsOn: deploy_stage').replace('task: NodeTool@0', 'task: NodeTool').replace('ref: refs/tags/v1.4.0', 'ref: main').replace('        environment: shop-api-production\n', '') });
  t0 = Date.now();
  console.log(await checkAzurePipelines(bad), Date.now() - t0);
});
import { checkJenkinsfile, jenkinsScripts } from '../validators/jenkinsfile.js';
it('jk', async () => {
  const t = loadTree('test/validators/fixtures/jenkins');
  let t0 = Date.now();
  console.log(await checkJenkinsfile(t), Date.now() - t0);
  console.log(jenkinsScripts(t).map(s=>[s.text, s.lines]));
  console.log(await checkShellcheck(t));
  const bad = new Map(t);
  const f = t.get('Jenkinsfile')!;
  bad.set('Jenkinsfile', { path: 'Jenkinsfile', content: f.content.replace("        submitter 'release-managers'\n", '').replace('    disableConcurrentBuilds()\n', '').replace('  post {', '  postt {').replace("lock('shop-api-production') {", "echo 'x'\n        {").replace('npm test', 'npm test $1') });
  const bad2 = new Map(t);
  bad2.set('Jenkinsfile', { path: 'Jenkinsfile', content: f.content.replace("echo 'done'", "echo 'done") });
  t0 = Date.now();
  console.log(await checkJenkinsfile(bad), await checkJenkinsfile(bad2), await checkShellcheck(bad), Date.now() - t0);
}, 300000);
import { checkCloudFormation } from '../validators/cloudformation.js';
import { checkCfnGuard } from '../validators/cfn-guard.js';
it('cfn', async () => {
  const t = loadTree('test/validators/fixtures/cloudformation');
  let t0 = Date.now();
  console.log(await checkCloudFormation(t), await checkCfnGuard(t), Date.now() - t0);
  const S = 'infra/cloudformation/service.yaml', P = 'infra/cloudformation/platform.yaml';
  const bad = new Map(t);
  bad.set(S, { path: S, content: t.get(S)!.content.replace('ContainerPort: 3000', 'ContainerPort: 3000\n        Imagee: x').replace('!GetAtt Service.Endpoint', '!GetAtt Service.Url').replace('-RegistryUri"}', '-Registry"}').replace('AWS::Logs::LogGroup', 'AWS::Logs::LogGrup').replace('!GetAtt InfrastructureRole.Arn', '!Ref InfraRole') });
  bad.set(P, { path: P, content: t.get(P)!.content.replace('SSEAlgorithm: aws:kms', 'SSEAlgorithm: AES256').replace('ImageTagMutability: IMMUTABLE', 'ImageTagMutability: IMMUTABL') });
  bad.set('infra/cloudformation/service.production.json', { path: 'infra/cloudformation/service.production.json', content: '[{"ParameterKey":"ImageTg","ParameterValue":"1"}]' });
  t0 = Date.now();
  console.log(await checkCloudFormation(bad), await checkCfnGuard(bad), Date.now() - t0);
});
import { checkTerraformSchema } from '../validators/terraform-schema.js';
it('tf', async () => {
  for (const n of ['gcp', 'azure']) console.log(n, await checkTerraformSchema(loadTree('test/validators/fixtures/' + n)));
});
import { checkKubernetes } from '../validators/kubernetes.js';
import { checkPromtool } from '../validators/promtool.js';
it('gmp', async () => {
  const t = loadTree('test/validators/fixtures/gcp');
  console.log(await checkKubernetes(t), await checkPromtool(t));
  const bad = new Map(t);
  const P = 'deploy/base/podmonitoring.yaml', R = 'deploy/base/rules.yaml', H = 'deploy/base/healthcheckpolicy.yaml';
  bad.set(P, { path: P, content: t.get(P)!.content.replace('interval: 30s', 'intervall: 30s') });
  bad.set(R, { path: R, content: t.get(R)!.content.replace('      interval: 30s\n', '').replace('[5m]))', '[5m])') });
  bad.set(H, { path: H, content: t.get(H)!.content.replace('requestPath', 'requestPth') });
  console.log(await checkKubernetes(bad), await checkPromtool(bad));
});
