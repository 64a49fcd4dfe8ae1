/**
 * How long each waiting command may wait, and how long a job that runs them must be allowed.
 * A job cancelled at its timeout-minutes runs no failure handling (`if: failure()` is false for a
 * cancelled job): a rollout that times out inside its job's last minutes is never rolled back.
 * So a job allows every wait of its commands, every wait of its failure handling, and a margin
 * for the steps that do not wait (checkout, login, push, sign).
 */
import type { Command } from './types.js';

export const MIGRATION_MINUTES = 10;

/**
 * Deployment: pods ready within 5 minutes. Canary: 1 + 5 minutes of pauses, a 5-minute analysis
 * and the pods of each step (progressDeadlineSeconds 600 aborts a stuck one). Blue-green: the
 * preview up (at most the 10-minute progress deadline) and paused; then the pre-promotion analysis
 * finishing and the post-promotion one (5 minutes each).
 */
export const ROLLOUT_MINUTES = { rolling: 5, canary: 20, blueGreen: { preview: 15, promoted: 12 } } as const;

/** Undo and wait: a Deployment's previous ReplicaSet, or an aborted Rollout back on its stable pods. */
export const ROLLBACK_MINUTES = { kubernetes: 5, argo: 10 } as const;

/** The least a job must allow beyond its waits, for the steps that do not wait. */
export const UNTIMED_STEPS_MINUTES = 5;

/** A deploy job's timeout: its waits, its failure handling's, and room for pushing and signing, in fives. */
export function jobTimeoutMinutes(commands: readonly (Command | undefined)[], failureHandling: readonly Command[], untimed = 10): number {
  const waits = [...commands, ...failureHandling].reduce((sum, c) => sum + (c?.timeoutMinutes ?? 0), 0);
  return Math.ceil((waits + untimed) / 5) * 5;
}

const UNIT_MINUTES: Record<string, number> = { s: 1 / 60, m: 1, h: 60 };

/** The longest wait a command line states: `--timeout 30m`, `--timeout=10m`, `timeout 15m …`. */
export function commandMinutes(line: string): number {
  const waits = [...line.matchAll(/(?:--timeout[= ]|(?:^|[\s;&|(])timeout\s+)(\d+)(s|m|h)\b/g)].map(([, n, unit]) => Number(n) * UNIT_MINUTES[unit!]!);
  return waits.length ? Math.max(...waits) : 0;
}
