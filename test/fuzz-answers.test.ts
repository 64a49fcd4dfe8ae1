/**
 * Issue 11, "done when": a corpus of hundreds of malformed and hostile answers files (wrong types,
 * unknown keys, alias bombs, huge values, non-UTF-8, NUL, hostile strings, reserved words, random
 * mutations of a valid file), generated here from a fixed seed rather than committed. Each runs the
 * CLI in-process; each must exit 0 or 2, print no stack trace, keep its messages short, and write
 * nothing when it exits 2. (Every bound that keeps a case fast is the product's, in
 * src/config/answers-file.ts and src/config/validate.ts; a case that hung would hang this file.)
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import schema from '../schemas/devops-stack.schema.json' with { type: 'json' };
import { runCli, tempDir } from './helpers/run-cli.js';

/** mulberry32: a small, seeded generator, so the corpus is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(11);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const VALID = `name: shop-api
tier: T2
stack: python
strategy: canary
environments:
  - dev
  - staging
  - prod
region: eu-west-1
repository: acme/shop-api
app:
  port: 8000
  healthPath: /health
  readinessPath: /ready
  metricsPath: /metrics
stateBucket: shop-api-state-1
backingServices:
  - postgres
`;

const FIELDS = Object.keys(schema.properties);
const APP_FIELDS = Object.keys(schema.properties.app.properties);

const WRONG_TYPES = ['42', '-1', '3.5e300', 'true', 'null', '~', '[]', '[1, 2]', '{}', '{a: 1}', '""', '"x"', '[[[]]]', '!!binary aGVsbG8=', '2024-01-01', '.inf', '0x1F'];

const HOSTILE = [
  '${{ github.token }}',
  '$(rm -rf /)',
  '`id`',
  "'; DROP TABLE users; --",
  '"quoted" and \\"escaped\\"',
  'line\\nbreak',
  'carriage\\rreturn',
  '\\u202eevil',
  '../../etc/passwd',
  '{{ template }}',
  '<script>alert(1)</script>',
  '%00%2e%2e',
  '*',
  '-rf',
  '#not-a-comment',
  '\\t\\ttabs',
  'a'.repeat(70),
];

const RESERVED = ['kube-system', 'kube-public', 'kube-node-lease', 'default', 'kube-x', 'yes', 'no', 'on', 'off', 'y', 'n', 'true', 'null', 'xn--shop', 'sthree-x', '192.168.0.1', 'a..b', 'x-s3alias'];

function aliasBomb(width: number, depth: number, scalar = '"x"'): string {
  const lines = [`l0: &l0 [${Array(width).fill(scalar).join(', ')}]`];
  for (let i = 1; i < depth; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

type Case = [label: string, content: string | Buffer];

function corpus(): Case[] {
  const cases: Case[] = [];
  // Wrong types, for every field and every app field.
  for (const field of FIELDS) for (const value of WRONG_TYPES) cases.push([`${field} = ${value}`, `name: shop\n${field === 'name' ? '' : `${field}: ${value}\n`}${field === 'name' ? `name: ${value}\n` : ''}`]);
  for (const field of APP_FIELDS) for (const value of WRONG_TYPES.slice(0, 8)) cases.push([`app.${field} = ${value}`, `name: shop\napp:\n  ${field}: ${value}\n`]);
  // Unknown keys, at the top, in app, in ownership; keys that are no plain names.
  for (let i = 0; i < 15; i++) {
    const key = pick(['nmae', 'tiers', 'Region', 'app.port', 'a/b~c', '~0~1', '"quoted key"', 'constructor', 'prototype', '__proto__', 'toString', 'hasOwnProperty', '<<', '? complex', `k${i}`]);
    cases.push([`unknown key ${key} (${i})`, `name: shop\n${JSON.stringify(key)}: ${pick(WRONG_TYPES)}\n`]);
    cases.push([`unknown app key ${key} (${i})`, `name: shop\napp:\n  ${JSON.stringify(key)}: 1\n`]);
    cases.push([`ownership key ${key} (${i})`, `name: shop\nownership:\n  ${JSON.stringify(key)}: user\n`]);
  }
  // Alias bombs, self-references, merge keys.
  for (const [width, depth] of [[9, 9], [10, 10], [4, 20], [50, 3], [2, 40], [100, 2], [6, 7]] as const) {
    cases.push([`alias bomb ${width}^${depth} as name`, `${aliasBomb(width, depth)}\nname: *l${depth - 1}\n`]);
    cases.push([`alias bomb ${width}^${depth} as environments`, `${aliasBomb(width, depth, '"dev"')}\nname: shop\nenvironments: *l${depth - 1}\n`]);
    cases.push([`alias bomb ${width}^${depth} of long strings`, `${aliasBomb(width, depth, `"${'x'.repeat(200)}"`)}\nname: shop\nclusterAdmins: *l${depth - 1}\n`]);
  }
  cases.push(['self-referencing list', 'name: shop\nenvironments: &a [*a]\n']);
  cases.push(['self-referencing map', 'name: shop\napp: &a {port: 8080, self: *a}\n']);
  cases.push(['self-referencing through a merge key', 'base: &b {x: 1}\nname: shop\napp:\n  <<: *b\n']);
  cases.push(['merge-key bomb', `${aliasBomb(8, 6, '{a: 1}')}\nname: shop\napp:\n  <<: *l5\n`]);
  cases.push(['undefined alias', 'name: *nowhere\n']);
  cases.push(['deep nesting', `name: shop\napp: ${'['.repeat(2000)}${']'.repeat(2000)}\n`]);
  cases.push(['deeper nesting', `name: shop\nx: ${'{a: '.repeat(300)}1${'}'.repeat(300)}\n`]);
  // Huge values.
  for (const size of [1025, 20_000, 200_000]) {
    for (const field of ['name', 'repository', 'directory', 'stateBucket', 'region']) cases.push([`${field} of ${size} characters`, `name: shop\n${field === 'name' ? '' : `${field}: `}${field === 'name' ? `name: ${'a'.repeat(size)}` : 'a'.repeat(size)}\n`]);
    cases.push([`migrate command of ${size} characters`, `name: shop\ntier: T3\nbackingServices: [postgres]\napp:\n  migrateCommand: ["${'m'.repeat(size)}"]\n`]);
  }
  cases.push(['10,000 environments', `name: shop\ntier: T2\nenvironments: [${Array.from({ length: 10_000 }, (_, i) => `e${i}`).join(', ')}]\n`]);
  cases.push(['5,000 ownership entries', `name: shop\nownership:\n${Array.from({ length: 5_000 }, (_, i) => `  f${i}: user`).join('\n')}\n`]);
  cases.push(['a file over the size bound', `name: shop\n# ${'x'.repeat(300_000)}\n`]);
  cases.push(['a long comment inside the bound', `name: shop\n# ${'x'.repeat(200_000)}\n`]);
  // Not UTF-8, NUL and other control characters.
  for (let i = 0; i < 15; i++) cases.push([`random bytes ${i}`, Buffer.from(Array.from({ length: 20 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)))]);
  cases.push(['Latin-1', Buffer.from('name: caf\xe9\n', 'latin1')]);
  cases.push(['UTF-16 with a BOM', Buffer.from('\ufeffname: shop\n', 'utf16le')]);
  cases.push(['UTF-8 with a BOM', '\ufeffname: shop\n']);
  cases.push(['lone surrogate bytes', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xed, 0xa0, 0x80, 0x0a])]);
  for (const c of ['\0', '\u0001', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u2028', '\ufffe']) {
    cases.push([`control ${JSON.stringify(c)} in a value`, `name: sh${c}op\n`]);
    cases.push([`control ${JSON.stringify(c)} in a key`, `name: shop\nre${c}gion: eu-west-1\n`]);
  }
  // Hostile strings in every string field (the schema refuses most; migrateCommand takes anything and must be quoted).
  for (const value of HOSTILE) {
    for (const field of ['name', 'repository', 'directory', 'region', 'stateBucket']) cases.push([`${field} = ${value}`, `name: shop\n${field === 'name' ? '' : `${field}: `}${field === 'name' ? `name: ${JSON.stringify(value)}` : JSON.stringify(value)}\n`]);
    cases.push([`environment ${value}`, `name: shop\ntier: T2\nenvironments: [dev, ${JSON.stringify(value)}]\n`]);
    cases.push([`healthPath /${value}`, `name: shop\napp:\n  healthPath: ${JSON.stringify(`/${value}`)}\n`]);
  }
  for (const value of HOSTILE.slice(0, 6)) cases.push([`migrate argument ${value}`, `name: shop\ntier: T3\nbackingServices: [postgres]\napp:\n  migrateCommand: [migrate, ${JSON.stringify(value)}]\n`]);
  // Reserved words as names, environments, buckets.
  for (const word of RESERVED) {
    cases.push([`name ${word}`, `name: ${JSON.stringify(word)}\n`]);
    cases.push([`environment ${word}`, `name: shop\ntier: T2\nenvironments: [dev, ${JSON.stringify(word)}]\n`]);
    cases.push([`bucket ${word}`, `name: shop\nstateBucket: ${JSON.stringify(word)}\n`]);
  }
  // YAML's own hazards: tags, documents, anchors on keys.
  for (const text of ['!!js/function "function () {}"', '!!python/object:os.system ["id"]', '--- \nname: a\n--- \nname: b', '%YAML 1.1\n---\nname: shop', 'name: shop\n...\n', '? [a, b]\n: c\nname: shop', '&k name: shop', 'name: [shop', 'name: "shop', '\t name: shop', ': :', '- a\n- b', '42', '"just a string"']) {
    cases.push([`yaml ${JSON.stringify(text).slice(0, 40)}`, `${text}\n`]);
  }
  // Random mutations of a valid file: flipped bytes, cut lines, doubled lines.
  for (let i = 0; i < 80; i++) {
    const bytes = Buffer.from(VALID);
    const kind = i % 4;
    if (kind === 0) for (let j = 0; j < 3; j++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    const lines = VALID.split('\n');
    const at = Math.floor(random() * lines.length);
    if (kind === 1) lines.splice(at, 1);
    if (kind === 2) lines.splice(at, 0, lines[Math.floor(random() * lines.length)]!);
    if (kind === 3) lines[at] = `${' '.repeat(Math.floor(random() * 4))}${lines[at]}`;
    cases.push([`mutation ${i}`, kind === 0 ? bytes : lines.join('\n')]);
  }
  return cases;
}

const CASES = corpus();
const scratch = tempDir('cds-fuzz-');
afterAll(() => scratch.cleanup(), 120_000);

describe('fuzzed answers files', () => {
  it('are hundreds, of every kind', () => {
    expect(CASES.length).toBeGreaterThan(500);
  });

  it.each(CASES.map(([label, content], i) => [i, label, content] as const))('%i: %s → exit 0 or 2, no stack trace, nothing written on 2', async (i, _label, content) => {
    const dir = join(scratch.dir, String(i));
    mkdirSync(dir);
    writeFileSync(join(dir, 'answers.yaml'), content);
    const stack = join(dir, 'stack');
    const run = await runCli([stack, '--yes', '--config', join(dir, 'answers.yaml')], dir);
    expect([0, 2], run.stderr).toContain(run.code);
    expect(run.stderr + run.stdout).not.toMatch(/\n\s+at .*[(:]\d+/);
    expect(run.stderr.length).toBeLessThan(8_000);
    if (run.code === 2) expect(existsSync(stack)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 20_000);
});
