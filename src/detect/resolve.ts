/**
 * From every decision to the answers: for a single-valued field the first candidate wins (the
 * detectors list them most certain first) and a later, different one is kept in the report as
 * not used, with the file that decided instead; list fields (backing services, native needs,
 * settings) are the union of every source. Answers that only hold for the detected stack are
 * kept apart (see applyStackAnswers).
 */
import { BACKING_SERVICES, type AppSetting, type Stack } from '../config/answers.js';
import type { Detected, Detection } from './types.js';

/** Fields of devops-stack.yaml; anything else detected is a fact for the report. */
const GENERAL = new Set(['name', 'stack', 'branch', 'backingServices', 'app.port', 'app.healthPath', 'app.readinessPath', 'app.metricsPath', 'app.settings', 'ciFiles']);
const isStackField = (field: string): boolean => ['app.packageManager', 'app.runtimeVersion', 'app.native', 'app.metricsLibrary'].includes(field) || field.startsWith('app.commands.');
const NATIVE_ORDER = ['cgo', 'node-gyp', 'sqlite', 'libpq', 'image'];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function resolveDetected(all: readonly Detected[]): Pick<Detection, 'answers' | 'stackAnswers' | 'detected'> {
  const winners = new Map<string, Detected>();
  const lists = new Map<string, unknown[]>();
  const detected: Detected[] = [];
  for (const d of all) {
    if (d.ignored || d.field === '') {
      detected.push(d);
      continue;
    }
    if (d.field === 'backingServices' || d.field === 'app.native' || d.field === 'app.settings') {
      lists.set(d.field, mergeList(d.field, lists.get(d.field) ?? [], d.value as unknown[]));
      detected.push(d);
      continue;
    }
    const winner = winners.get(d.field);
    if (!winner) {
      winners.set(d.field, d);
      detected.push(d);
    } else if (!same(winner.value, d.value) && (GENERAL.has(d.field) || isStackField(d.field))) {
      detected.push({ ...d, ignored: `${winner.file} decides (${show(winner.value)})` });
    } else if (!GENERAL.has(d.field) && !isStackField(d.field)) detected.push(d);
  }
  const answers: Record<string, unknown> = {};
  const app: Record<string, unknown> = {};
  for (const [field, d] of [...winners, ...[...lists].map(([f, v]) => [f, { field: f, value: v, file: '' }] as const)]) {
    if (GENERAL.has(field)) setPath(answers, field, d.value);
    else if (isStackField(field)) setPath(app, field.slice('app.'.length), d.value);
  }
  const stack = winners.get('stack')?.value as Stack | undefined;
  return { answers, detected, ...(stack && Object.keys(app).length ? { stackAnswers: { stack, app } } : {}) };
}

function mergeList(field: string, previous: unknown[], more: unknown[]): unknown[] {
  if (field === 'app.settings') {
    const merged = [...(previous as AppSetting[])];
    for (const s of more as AppSetting[]) {
      const i = merged.findIndex((m) => m.name === s.name);
      if (i < 0) merged.push(s);
      else
        merged[i] = {
          ...merged[i]!,
          secret: merged[i]!.secret || s.secret,
          ...(merged[i]!.description || !s.description ? {} : { description: s.description }),
          ...(merged[i]!.local || !s.local ? {} : { local: s.local }),
        };
    }
    return merged;
  }
  const order: readonly string[] = field === 'backingServices' ? BACKING_SERVICES : NATIVE_ORDER;
  const set = new Set([...(previous as string[]), ...(more as string[])]);
  return order.filter((v) => set.has(v));
}

export function show(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null && 'name' in v ? `${(v as AppSetting).name}${(v as AppSetting).secret ? ' (secret)' : ''}` : String(v))).join(', ');
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  return String(value);
}
