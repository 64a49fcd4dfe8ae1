import { describe, expect, it } from 'vitest';
import schema from '../schemas/devops-stack.schema.json' with { type: 'json' };
import { resolveAnswers } from '../src/config/load.js';
import { InputError } from '../src/core/errors.js';
import { GENERATED_SERVICES } from '../src/config/generation-support.js';
import { generate } from '../src/core/pipeline.js';
import { BUDGETS, REFERENCE_VALUES } from '../src/integration/budgets.js';
import { enumOptions, validationMatrix, valueKey } from './matrix.js';
import type { Cloud } from '../src/config/answers.js';
import { LONGEST_BY_CLOUD, LONGEST_DIRECTORY, LONGEST_NAMES } from './reference-stacks.js';

const LONGEST = { ...LONGEST_NAMES, directory: LONGEST_DIRECTORY };

/** The longest organization and project names Azure DevOps allows (the answers schema's patterns). */
const LONGEST_CI_PROJECT = { organization: 'o'.repeat(50), project: 'p'.repeat(64), organizationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' };

/**
 * Every valid T1 stack of the options that change its size (CI platform, cloud, language,
 * backing services, strategy). The matrix gives each value one row, and T1's largest outputs are pairs it
 * never builds (python with CI/CD, java with both backing services); T1's total is fixed, so all
 * of them, on every CI platform and cloud. T1 takes at most two backing services
 * (T1_MAX_SERVICES), so every pair of the services generation supports is measured too.
 */
function servicePairs(): string[][] {
  const all = [...GENERATED_SERVICES];
  return all.flatMap((a, i) => all.slice(i + 1).map((b) => [a, b]));
}

function t1Stacks(): [string, ReturnType<typeof resolveAnswers>][] {
  const options = new Map(enumOptions());
  const stacks: [string, ReturnType<typeof resolveAnswers>][] = [];
  for (const ci of options.get('ci')!)
    for (const cloud of options.get('cloud')! as Cloud[])
      // Every IaC tool the cloud has (CloudFormation: AWS only; the answers refuse the others).
      for (const iac of options.get('iac')!)
      for (const stack of options.get('stack')!)
        for (const backingServices of [...options.get('backingServices')!, ...servicePairs()])
          for (const strategy of options.get('strategy')!) {
            // CloudFormation differs from Terraform in its IaC only: its largest rows (two services, one strategy) suffice.
            if (iac !== 'terraform' && ((backingServices as unknown[]).length < 2 || strategy !== options.get('strategy')![0])) continue;
            try {
              const project = ci === 'azure-devops' ? { ciProject: LONGEST_CI_PROJECT } : {};
              const id = [ci, cloud, ...(iac === 'terraform' ? [] : [iac]), stack, backingServices, strategy].map(valueKey).join('-');
              stacks.push([id, resolveAnswers({ ...LONGEST, ...LONGEST_BY_CLOUD[cloud], ...project, tier: 'T1', ci, cloud, iac, stack, backingServices, strategy })]);
            } catch (error) {
              if (!(error instanceof InputError)) throw error;
            }
          }
  // Target containers (ECS, AWS only): every CI platform with the two largest languages' outputs and every service pair.
  for (const ci of options.get('ci')!)
    for (const stack of ['python', 'java'])
      for (const backingServices of [[], ...servicePairs()]) {
        const id = [ci, 'aws', 'containers', stack, backingServices].map(valueKey).join('-');
        const project = ci === 'azure-devops' ? { ciProject: LONGEST_CI_PROJECT } : {};
        try {
          stacks.push([id, resolveAnswers({ ...LONGEST, ...LONGEST_BY_CLOUD.aws, ...project, tier: 'T1', ci, cloud: 'aws', target: 'containers', stack, backingServices })]);
        } catch (error) {
          // Pairs T1 refuses (Kafka comes with T2).
          if (!(error instanceof InputError)) throw error;
        }
      }
  return stacks;
}

/**
 * The stacks a domain makes largest (it adds the certificate, ExternalDNS and their guide lines;
 * refused at T1): T2 and T3 at the schema's maxima (four environments; at T3 both regions and the
 * backing services), on every CI platform and cloud, with the longest names, directory and a long domain.
 */
function domainStacks(): [string, ReturnType<typeof resolveAnswers>][] {
  const options = new Map(enumOptions());
  const domain = 'payments-reconciliation-backend1.platform-team.example.com';
  return (['T2', 'T3'] as const).flatMap((tier) =>
    (options.get('cloud')! as Cloud[]).flatMap((cloud) =>
      options.get('ci')!.flatMap((ci): [string, ReturnType<typeof resolveAnswers>][] => {
        const project = ci === 'azure-devops' ? { ciProject: LONGEST_CI_PROJECT } : {};
        const t3 = tier === 'T3' ? { secondaryRegion: cloud === 'aws' ? 'ap-southeast-1' : 'europe-west1', backingServices: ['postgres', 'redis'], strategy: 'blue-green' } : { strategy: 'canary' };
        const environments = ['development1', 'integration1', 'staging12345', 'production12'];
        try {
          return [[`${tier}-${cloud}-${ci}`, resolveAnswers({ ...LONGEST, ...LONGEST_BY_CLOUD[cloud], ...project, ...t3, environments, tier, ci, cloud, domain } as never)]];
        } catch (error) {
          // A CI platform that does not deploy to that cloud yet.
          if (!(error instanceof InputError)) throw error;
          return [];
        }
      }),
    ),
  );
}

// Generation enforces the budgets (a stack over budget throws), so generating every stack of
// the matrix with the longest names allowed proves the budgets fit what users can ask for.
describe('token budgets', () => {
  it('T1 refuses a third backing service (its budget is proven for two), naming the field and the way out', () => {
    expect(() => resolveAnswers({ name: 'shop-api', repository: 'acme/shop-api', tier: 'T1', backingServices: ['postgres', 'redis', 'mongodb'] })).toThrow(/T1 generates at most 2 backing services, but 3 were given/);
  });

  it('T1 totals at most 10,000 tokens, as promised', () => {
    expect(BUDGETS.T1.total).toBe(10_000);
  });

  it.each(validationMatrix(LONGEST_NAMES, LONGEST_BY_CLOUD).stacks.map((s) => [s.id, s] as const))('holds with the longest names: %s', async (_id, stack) => {
    const { tokens } = await generate(stack.answers);
    for (const step of tokens.byStep) expect(step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });

  it('is measured with the longest directory allowed', () => {
    expect(LONGEST_DIRECTORY).toHaveLength(schema.properties.directory.maxLength);
  });

  // Below the repository root the directory is repeated in the workflows (path filters,
  // working-directory, action inputs) and the runbook links.
  // With the longest names the exact count may be over; the stack then holds by its count with the reference names.
  it.each(validationMatrix(LONGEST, LONGEST_BY_CLOUD).stacks.map((s) => [s.id, s] as const))('holds with the longest names in the longest directory: %s', async (_id, stack) => {
    const { tokens } = await generate(stack.answers);
    for (const step of tokens.byStep) expect(step.reference ?? step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });

  it.each(domainStacks())('holds with a domain at the maxima, longest names and directory: %s', async (_id, answers) => {
    const { tokens } = await generate(answers);
    for (const step of tokens.byStep) expect(step.reference ?? step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });

  it.each(t1Stacks())('T1 holds for every CI platform, language, backing services and strategy, longest names and directory: %s', async (_id, answers) => {
    const { tokens } = await generate(answers);
    for (const step of tokens.byStep) expect(step.reference ?? step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });
});

/**
 * The worst values the schema accepts for every free-form answer: random-looking strings, which
 * tokenize at about one token per character where ordinary words take four or five, at each
 * field's longest, and as many environments and cluster admins as allowed. Budgets hold for them
 * by fair counting (src/integration/budgets.ts): a stack over a budget is counted again with the
 * reference names, so what it may write does not depend on how its names tokenize.
 */
const random = (length: number, seed: number, alphabet = 'a0b1c2d3e4f5g6h7i8j9k'): string => {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[x % alphabet.length];
  }
  return out;
};
const WORST_NAMES = ['svc-7f3a9c2e4b1d4e8a9c3f2d1e5a6b', `a${random(30, 1)}z`];
/** Each cloud's worst region names (at the schema's longest) and principals (at 200 characters), and Google Cloud's project (at 30). */
const WORST_BY_CLOUD: Record<Cloud, { region: string; secondaryRegion: string; admin(i: number): string; extra: Record<string, unknown> }> = {
  aws: {
    region: `zz-gov-${random(14, 10, 'qxzkwvjmnp')}-9`,
    secondaryRegion: `qq-gov-${random(14, 11, 'qxzkwvjmnp')}-8`,
    admin: (i) => `arn:aws:iam::123456789012:role/${random(200 - 31 - 1, 20 + i)}${i}`,
    extra: {},
  },
  gcp: {
    region: `${random(11, 12, 'qxzkwvjmnp')}-${random(9, 13, 'qxzkwvjmnp')}12`,
    secondaryRegion: `${random(11, 14, 'qxzkwvjmnp')}-${random(9, 15, 'qxzkwvjmnp')}34`,
    admin: (i) => `user:${random(149, 20 + i)}${i}@${random(40, 60 + i)}.com`,
    extra: { gcp: { project: `p${random(28, 70)}z` } },
  },
  // Azure region names are single words (the longest real one, australiasoutheast, has 18 letters).
  azure: {
    region: `${random(22, 12, 'qxzkwvjmnp')}9`,
    // One region per environment on Azure so far (src/config/combinations.ts).
    secondaryRegion: 'none',
    admin: (i) => `${'f'.repeat(8)}-ffff-ffff-ffff-${String(i).padStart(12, 'f')}`,
    extra: { azure: { subscription: 'ffffffff-ffff-ffff-ffff-ffffffffffff', tenant: 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeeee' } },
  },
};
const worst = (name: string, tier: string, environments: number, cloud: Cloud = 'aws'): Record<string, unknown> => ({
  name,
  repository: `${`o${random(38, 2)}`.slice(0, 39)}/${random(100, 3)}`,
  directory: `d${random(14, 4)}/e${random(14, 5)}/f${random(15, 6)}`,
  environments: tier === 'T1' ? [`e${random(10, 7)}z`] : Array.from({ length: environments }, (_, i) => `e${random(10, 8 + i)}${i}`),
  stateBucket: `b${random(61, 9)}z`,
  region: WORST_BY_CLOUD[cloud].region,
  clusterAdmins: Array.from({ length: schema.properties.clusterAdmins.maxItems }, (_, i) => WORST_BY_CLOUD[cloud].admin(i)),
  ...WORST_BY_CLOUD[cloud].extra,
  app: { healthPath: `/${random(127, 30)}`, readinessPath: `/${random(127, 31)}`, metricsPath: `/${random(127, 32)}`, // The program must be one the image has (rule commands-exist-in-image); its 15 arguments are the worst.
    migrateCommand: ['/bin/sh', ...Array.from({ length: 15 }, (_, i) => random(256, 40 + i))] },
});

/** The worst migration command runs a program the stack's image has: Go's image is the binary alone (/app). */
const withProgram = <T extends { stack?: unknown; app?: unknown }>(raw: T): T => {
  if (raw.stack !== 'go') return raw;
  const app = raw.app as { migrateCommand: string[] };
  return { ...raw, app: { ...app, migrateCommand: ['/app', ...app.migrateCommand.slice(1)] } };
};

/** An Azure DevOps organization and project at their longest, random-looking (only with ci azure-devops). */
const worstProject = (ci: string): Record<string, unknown> =>
  ci === 'azure-devops' ? { ciProject: { organization: `o${random(48, 60)}z`, project: `p${random(62, 61)}z`, organizationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } } : {};

describe('token budgets with the worst values the schema accepts', () => {
  it.each(Object.keys(WORST_BY_CLOUD) as Cloud[])('the worst values are valid answers, at each field\'s limit: %s', (cloud) => {
    const raw = worst(WORST_NAMES[0]!, 'T2', schema.properties.environments.maxItems, cloud);
    const answers = resolveAnswers({ ...raw, cloud, tier: 'T2' });
    const second = resolveAnswers({ ...raw, cloud, tier: 'T3', secondaryRegion: WORST_BY_CLOUD[cloud].secondaryRegion }).secondaryRegion;
    expect(second).toHaveLength(cloud === 'azure' ? 4 : schema.properties.secondaryRegion.maxLength);
    // Azure's principals are object ids (GUIDs, 36 characters); the others' at the schema's 200.
    expect(answers.clusterAdmins.every((a) => a.length === (cloud === 'azure' ? 36 : 200))).toBe(true);
    if (cloud === 'gcp') expect(answers.gcp?.project).toHaveLength(30);
    expect(answers.name).toHaveLength(schema.properties.name.maxLength);
    expect(answers.repository).toHaveLength(140);
    expect(answers.directory).toHaveLength(schema.properties.directory.maxLength);
    expect(answers.stateBucket).toHaveLength(63);
    expect(answers.clusterAdmins).toHaveLength(schema.properties.clusterAdmins.maxItems);
    expect(answers.region).toHaveLength(schema.properties.region.maxLength);
    expect(answers.environments).toHaveLength(schema.properties.environments.maxItems);
  });

  it.each(WORST_NAMES.flatMap((name) => validationMatrix().stacks.map((s) => [name, s.id, s] as const)))('%s holds: %s', async (name, _id, stack) => {
    const { tier, stack: language, strategy, backingServices, skip, ci, cloud, iac, target } = stack.answers;
    const raw = withProgram({ ...worst(name, tier, tier === 'T1' ? 1 : schema.properties.environments.maxItems, cloud), ...worstProject(ci), tier, stack: language, strategy, backingServices, skip, ci, cloud, iac, target, ...(tier === 'T3' ? { secondaryRegion: WORST_BY_CLOUD[cloud].secondaryRegion } : {}) });
    const { tokens } = await generate(resolveAnswers(raw));
    for (const step of tokens.byStep) expect(step.reference ?? step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });
});

describe('T1 with the worst values, for every CI platform, language, backing services and strategy', () => {
  it.each(t1Stacks().map(([id, a]) => [id, a] as const))('%s', async (_id, answers) => {
    const raw = withProgram({ ...worst(WORST_NAMES[1]!, 'T1', 1, answers.cloud), ...worstProject(answers.ci), tier: 'T1', ci: answers.ci, cloud: answers.cloud, stack: answers.stack, backingServices: answers.backingServices, strategy: answers.strategy });
    const { tokens } = await generate(resolveAnswers(raw));
    for (const step of tokens.byStep) expect(step.reference ?? step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });
});

describe('fair counting', () => {
  it('counts a stack once when it fits, and again with the reference names only when its own names push it over', async () => {
    const plain = await generate(resolveAnswers({ name: 'shop-api' }));
    expect(plain.tokens.byStep.every((s) => s.reference === undefined)).toBe(true);
    const random = await generate(resolveAnswers({ name: WORST_NAMES[0]! }));
    const total = random.tokens.byStep.find((s) => s.step === 'total')!;
    expect(total.tokens).toBeGreaterThan(BUDGETS.T1.total);
    expect(total.reference).toBeLessThanOrEqual(BUDGETS.T1.total);
    expect(total.over).toBe(false);
  });

  it('the reference names are ordinary ones the schema accepts, shorter than the longest it allows', async () => {
    expect(resolveAnswers({ name: REFERENCE_VALUES.name, repository: REFERENCE_VALUES.repository, directory: REFERENCE_VALUES.directory, region: REFERENCE_VALUES.region }).name).toBe(REFERENCE_VALUES.name);
    expect(REFERENCE_VALUES.name.length).toBeLessThan(LONGEST_NAMES.name!.length);
    expect(REFERENCE_VALUES.directory.length).toBeLessThan(LONGEST_DIRECTORY.length);
  });
});
