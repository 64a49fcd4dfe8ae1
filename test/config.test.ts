import { describe, expect, it } from 'vitest';
import { parseAnswersFile, serializeAnswers } from '../src/config/answers-file.js';
import { repositoryFromGitConfig } from '../src/config/detect-repository.js';
import { mergeSources, resolveAnswers } from '../src/config/load.js';
import { fieldPath } from '../src/config/validate.js';
import { InputError, type Problem } from '../src/core/errors.js';

function problemsOf(raw: Record<string, unknown>): Problem[] {
  try {
    resolveAnswers(raw);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected the answers to be rejected');
}

describe('answers validation', () => {
  it('fills every default for a name alone', () => {
    const answers = resolveAnswers({ name: 'shop-api' });
    expect(answers).toMatchObject({
      name: 'shop-api',
      tier: 'T1',
      stack: 'node',
      ci: 'github-actions',
      cloud: 'aws',
      iac: 'terraform',
      target: 'kubernetes',
      strategy: 'rolling',
      environments: ['prod'],
      region: 'us-east-1',
      repository: 'OWNER/shop-api',
      app: { port: 8080, healthPath: '/healthz', readinessPath: '/readyz', metricsPath: '/metrics' },
    });
    expect(answers.stateBucket).toMatch(/^shop-api-tfstate-[0-9a-f]{8}$/);
  });

  it('reports every problem at once, each with its field, value and what is allowed', () => {
    const problems = problemsOf({ name: 'Shop_API', stack: 'ruby', colour: 'blue', app: { port: 'http', prot: 1 } });
    const byField = Object.fromEntries(problems.map((p) => [p.where, p]));
    expect(Object.keys(byField).sort()).toEqual(['app.port', 'app.prot', 'colour', 'name', 'stack']);
    expect(byField['name']!.message).toContain('"Shop_API"');
    expect(byField['name']!.message).toContain('DNS-1123');
    expect(byField['stack']!.message).toContain('"ruby"');
    expect(byField['stack']!.remedy).toContain('node | python | go | java');
    expect(byField['stack']!.remedy).toContain('--stack');
    expect(byField['colour']!.message).toContain('unknown field');
    expect(byField['colour']!.remedy).toContain('allowed fields here: name, tier');
    expect(byField['app.port']!.message).toContain('must be integer');
  });

  it('rejects tiers and strategies that do not exist yet, naming the allowed ones', () => {
    const [problem] = problemsOf({ name: 'a', tier: 'T9' });
    expect(problem).toMatchObject({ where: 'tier' });
    expect(problem!.remedy).toContain('T1');
  });

  it('rejects an impossible combination: several environments at T1', () => {
    const [problem] = problemsOf({ name: 'a', environments: ['staging', 'prod'] });
    expect(problem!.where).toBe('environments');
    expect(problem!.message).toContain('T1 generates one environment');
  });

  it('rejects a health path that is also the readiness path', () => {
    const [problem] = problemsOf({ name: 'a', app: { readinessPath: '/healthz' } });
    expect(problem!.where).toBe('app');
  });

  it('accepts IAM role and user ARNs as cluster admins, and rejects anything else', () => {
    expect(resolveAnswers({ name: 'a', clusterAdmins: ['arn:aws:iam::123456789012:role/admins', 'arn:aws:iam::123456789012:user/ops'] }).clusterAdmins).toHaveLength(2);
    const [problem] = problemsOf({ name: 'a', clusterAdmins: ['admins'] });
    expect(problem).toMatchObject({ where: 'clusterAdmins[0]' });
    expect(problem!.message).toContain('"admins"');
  });

  it('takes the CI platform\'s organization and project ids (ciIdentity), written back only when given', () => {
    const ids = { organization: '0f1e2d3c-aaaa-bbbb-cccc-123456789abc', project: '9a8b7c6d-1111-2222-3333-444455556666' };
    const answers = resolveAnswers({ name: 'a', ci: 'circleci', ciIdentity: ids });
    expect(answers.ciIdentity).toEqual(ids);
    expect(resolveAnswers(parseAnswersFile(serializeAnswers(answers), 'devops-stack.yaml'))).toEqual(answers);
    expect(serializeAnswers(resolveAnswers({ name: 'a', ci: 'circleci' }))).not.toContain('ciIdentity');
    const [problem] = problemsOf({ name: 'a', ci: 'circleci', ciIdentity: { organization: 'org/../x', project: ids.project } });
    expect(problem).toMatchObject({ where: 'ciIdentity.organization' });
  });

  it('maps JSON pointers to field paths', () => {
    expect(fieldPath('/app/port')).toBe('app.port');
    expect(fieldPath('/environments/1')).toBe('environments[1]');
  });

  it('lets flags override the answers file, merging app fields', () => {
    expect(mergeSources({ name: 'a', app: { port: 9000 } }, { app: { healthPath: '/live' } }, { name: 'b' })).toEqual({
      name: 'b',
      app: { port: 9000, healthPath: '/live' },
    });
  });

  it('round-trips the answers file', () => {
    const answers = resolveAnswers({ name: 'shop-api', repository: 'acme/shop-api' });
    const text = serializeAnswers(answers);
    expect(text.startsWith('# yaml-language-server: $schema=')).toBe(true);
    expect(resolveAnswers(parseAnswersFile(text, 'devops-stack.yaml'))).toEqual(answers);
  });

  it('reports broken YAML in the answers file with its path', () => {
    expect(() => parseAnswersFile('name: [unclosed', 'devops-stack.yaml')).toThrow(InputError);
  });

  it('reads the GitHub repository from the origin remote', () => {
    const config = '[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://github.com/other/x.git\n[remote "origin"]\n\turl = git@github.com:acme/shop-api.git\n';
    expect(repositoryFromGitConfig(config)).toBe('acme/shop-api');
    expect(repositoryFromGitConfig('[remote "origin"]\n\turl = https://gitlab.com/a/b.git\n')).toBeUndefined();
  });
});
