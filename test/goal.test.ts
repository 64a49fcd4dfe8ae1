import { describe, expect, it } from 'vitest';
import { inferGoal, type GoalAnswers } from '../src/goal/infer.js';

const cases: [string, GoalAnswers][] = [
  ['python API on EKS with canary releases and SLO alerts', { stack: 'python', cloud: 'aws', target: 'kubernetes', strategy: 'canary', tier: 'T2' }],
  ['a simple node service on kubernetes', { stack: 'node', target: 'kubernetes', tier: 'T1' }],
  ['TypeScript NestJS backend, blue-green deploys', { stack: 'node', strategy: 'blue-green', tier: 'T2' }],
  ['Go microservice with blue green releases on AWS', { stack: 'go', strategy: 'blue-green', cloud: 'aws', tier: 'T2' }],
  ['golang worker, rolling updates, basic', { stack: 'go', strategy: 'rolling', tier: 'T1' }],
  ['Spring Boot app for SOC2 compliance', { stack: 'java', tier: 'T3' }],
  ['kotlin service with distributed tracing', { stack: 'java', tier: 'T2' }],
  ['Express API with Postgres and Redis', { stack: 'node', backingServices: ['postgres', 'redis'] }],
  ['fastapi on k8s, RDS postgres, database migrations', { stack: 'python', target: 'kubernetes', backingServices: ['postgres'], tier: 'T3' }],
  ['django app, multi-region in eu-west-1 and eu-central-1', { stack: 'python', tier: 'T3', region: 'eu-west-1', secondaryRegion: 'eu-central-1' }],
  ['java service with SBOM and signed images', { stack: 'java', tier: 'T3' }],
  ['node api with dev, staging and prod and manual approvals', { stack: 'node', tier: 'T2', environments: ['dev', 'staging', 'prod'] }],
  ['a production-grade python service called billing-api', { stack: 'python', name: 'billing-api' }],
  ['java, development and production environments', { stack: 'java', environments: ['dev', 'prod'], tier: 'T2' }],
  ['recreate strategy for a single environment batch job in python', { strategy: 'recreate', stack: 'python', tier: 'T1' }],
  ['policy as code with OPA for a go service', { stack: 'go', tier: 'T3' }],
  ['node.js api, terraform, github actions', { stack: 'node', iac: 'terraform', ci: 'github-actions' }],
  ['go service deployed from CircleCI', { stack: 'go', ci: 'circleci' }],
  ['python service deployed from GitLab CI', { stack: 'python', ci: 'gitlab-ci' }],
  ['T2 python api', { stack: 'python', tier: 'T2' }],
  // negations
  ['python API, no kubernetes', { stack: 'python' }],
  ['node service without canary', { stack: 'node' }],
  ['not python, go with canary', { stack: 'go', strategy: 'canary', tier: 'T2' }],
  ['java app, no-canary, rolling', { stack: 'java', strategy: 'rolling' }],
  ['no canary or blue-green, just rolling for our express app', { strategy: 'rolling', stack: 'node' }],
  ["we don't need tracing, python", { stack: 'python' }],
  ['without postgres but with redis', { backingServices: ['redis'] }],
  // "go" the verb is not the language
  ['ready to go live with a java api', { stack: 'java' }],
  ["let's go: python on eks", { stack: 'python', cloud: 'aws', target: 'kubernetes' }],
];

describe('goal inference', () => {
  it.each(cases)('reads %j', (goal, expected) => {
    expect(inferGoal(goal).answers).toEqual(expected);
  });

  it('records what each word matched and what it set', () => {
    const { matches, observability } = inferGoal('python API on EKS with canary releases and SLO alerts');
    expect(matches.find((m) => m.text === 'canary')).toMatchObject({ step: 'deployment', sets: ['strategy canary', 'tier T2'] });
    expect(matches.find((m) => m.text === 'eks')).toMatchObject({ sets: ['cloud aws', 'target kubernetes'] });
    expect(matches.find((m) => m.text === 'slo')?.sets).toEqual(['observability slo', 'tier T2']);
    expect(observability).toEqual(['alerts', 'slo']);
  });

  it('lists negated terms with the field they name, and sets nothing from them', () => {
    const inference = inferGoal('python API, no kubernetes, without canary');
    expect(inference.negated).toEqual([
      { text: 'kubernetes', field: 'target', value: 'kubernetes' },
      { text: 'canary', field: 'strategy', value: 'canary' },
      { text: 'canary', field: 'tier', value: 'T2' },
    ]);
    expect(inference.answers.strategy).toBeUndefined();
  });

  it('reports values we do not generate with the supported alternatives, never dropping them silently', () => {
    const { unsupported, answers } = inferGoal('rails app on DigitalOcean with Bitbucket, Pulumi and DynamoDB');
    expect(unsupported.map((u) => [u.field, u.value])).toEqual([
      ['stack', 'rails'],
      ['cloud', 'digitalocean'],
      ['ci', 'bitbucket'],
      ['iac', 'pulumi'],
      ['backingServices', 'dynamodb'],
    ]);
    expect(unsupported.find((u) => u.field === 'cloud')?.alternatives).toEqual(['aws', 'gcp', 'azure']);
    expect(unsupported.find((u) => u.field === 'ci')?.alternatives).toEqual(['github-actions', 'gitlab-ci', 'jenkins', 'circleci', 'azure-devops']);
    expect(answers).toEqual({});
  });

  it('reads the backing services generation supports, Kafka with the tier it needs', () => {
    expect(inferGoal('node API with MongoDB and RabbitMQ').answers.backingServices).toEqual(['mongodb', 'rabbitmq']);
    expect(inferGoal('java service with Kafka').answers).toMatchObject({ backingServices: ['kafka'], tier: 'T2' });
    expect(inferGoal('go API with MariaDB').unsupported.map((u) => u.value)).toEqual(['mariadb']);
  });

  it('reads Azure and AKS as cloud azure on Kubernetes, and Azure DevOps as the CI platform only', () => {
    expect(inferGoal('go API on Azure').answers.cloud).toBe('azure');
    expect(inferGoal('python service on AKS').answers).toMatchObject({ cloud: 'azure', target: 'kubernetes' });
    expect(inferGoal('node API with Azure DevOps on AWS').answers).toMatchObject({ ci: 'azure-devops', cloud: 'aws' });
  });

  it('reads Google Cloud and GKE as cloud gcp on Kubernetes', () => {
    expect(inferGoal('go API on Google Cloud').answers.cloud).toBe('gcp');
    expect(inferGoal('python service on GKE with canary releases').answers).toMatchObject({ cloud: 'gcp', target: 'kubernetes', stack: 'python' });
    const { unsupported, answers } = inferGoal('node on Cloud Run');
    expect(answers.cloud).toBe('gcp');
    expect(unsupported[0]).toMatchObject({ field: 'target', value: 'cloud run', alternatives: ['kubernetes (GKE)'] });
  });

  it('reports an unsupported AWS target (Lambda) but still infers the cloud; ECS is target containers', () => {
    const { unsupported, answers } = inferGoal('node on lambda');
    expect(answers.cloud).toBe('aws');
    expect(unsupported[0]).toMatchObject({ field: 'target', value: 'lambda', alternatives: ['containers (ECS on Fargate)', 'kubernetes (EKS)'] });
    expect(inferGoal('node on ECS fargate').answers).toMatchObject({ cloud: 'aws', target: 'containers' });
  });

  it('keeps the first of two contradicting stacks and says so', () => {
    const { answers, notes } = inferGoal('python and go services');
    expect(answers.stack).toBe('python');
    expect(notes[0]).toContain('stack go');
  });

  it('explains when "simple" loses to a word that needs a higher tier', () => {
    const { answers, notes } = inferGoal('simple canary rollout');
    expect(answers.tier).toBe('T2');
    expect(notes.join(' ')).toContain('"simple" asks for the simple tier');
  });

  it('is deterministic', () => {
    const goal = 'Go API on EKS, canary, SLOs, tracing, postgres, redis, us-west-2';
    expect(inferGoal(goal)).toEqual(inferGoal(goal));
  });
});
