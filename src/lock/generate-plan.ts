/**
 * What a generate run may write, given the lock of the previous run and what is on
 * disk. Managed files are replaced when the disk still holds what we rendered, and refused
 * (without --force) when edited by hand; seeded files are written only when missing;
 * user files never. In a repository we never generated into, an existing file of a
 * seeded kind (Dockerfile, compose file, Makefile, …) is adopted: kept, owner `user`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../config/answers.js';
import { serializeAnswers } from '../config/answers-file.js';
import { BUILD } from '../version.js';
import { renderDigest } from './render-digest.js';
import { buildTree, type VirtualFile } from '../core/files.js';
import { sha256 } from '../core/hash.js';
import { GENERATOR } from '../plan/conventions.js';
import { diffAgainstDisk, type FileChange } from '../write/writer.js';
import { gitBlobId } from './blob.js';
import { LOCK_FORMAT, LOCK_PATH, serializeLock, untouched, type Lock, type LockEntry } from './lock.js';
import { defaultMode, explicitMode, ORCHESTRATION_KINDS } from './ownership.js';

export interface KeptFile {
  path: string;
  /** The existing file we kept: the same path, or another file of the same kind. */
  existing: string;
  reason: 'adopted' | 'seeded' | 'user';
  message: string;
}

export interface GenerateWrites {
  /** Every file's change (the lock included), for the report. */
  changes: FileChange[];
  /** The changes to write. */
  writes: FileChange[];
  /** Files that differ from what we would write and are not ours to replace. */
  refused: string[];
  kept: KeptFile[];
  lock: Lock;
}

/** How our file relates to the user's file that we kept instead. */
export function relation(path: string): string {
  if ((ORCHESTRATION_KINDS.compose as readonly string[]).includes(path)) return 'your compose file stays the local setup; the cluster runs the image CI builds from the Dockerfile';
  if ((ORCHESTRATION_KINDS.make as readonly string[]).includes(path)) return 'your Makefile stays the entry point; docs/devops/setup-guide.md lists the commands a target could call';
  if (path === 'Dockerfile') return 'CI builds and pushes the image from your Dockerfile: it must listen on app.port and run as a non-root user';
  return 'yours is kept as it is';
}

/** An existing file of the same kind as a path we generate, in a repository new to us. */
function existingOfKind(dir: string, path: string): string | undefined {
  const kind = Object.values(ORCHESTRATION_KINDS).find((names) => (names as readonly string[]).includes(path));
  return (kind ?? [path]).find((name) => existsSync(join(dir, name)));
}

/** The lock's `directory`: recorded below the repository root only, as in the answers file. */
export function directoryOf(answers: Answers): { directory?: string } {
  return answers.directory ? { directory: answers.directory } : {};
}

export function answersHash(answers: Answers): string {
  return sha256(serializeAnswers(answers));
}

export function entryFor(mode: LockEntry['mode'], written: string): LockEntry {
  return { mode, sha256: sha256(written), base: gitBlobId(written) };
}

export function planGenerateWrites(changes: readonly FileChange[], dir: string, answers: Answers, previous: Lock | undefined, version: string): GenerateWrites {
  const files: Record<string, LockEntry> = {};
  const kept: KeptFile[] = [];
  const refused: string[] = [];
  const writes: FileChange[] = [];
  for (const change of changes) {
    const { path, content } = change.file;
    if (path === LOCK_PATH) continue;
    if (change.file.producer === 'answers') {
      // The answers file is the user's input, not a generated file: never in the lock.
      if (change.status === 'changed') refused.push(path);
      if (change.status !== 'unchanged') writes.push(change);
      continue;
    }
    const before = previous?.files[path];
    const explicit = explicitMode(path, answers.ownership);
    const adopted = !explicit && !before && defaultMode(path) === 'seeded' ? existingOfKind(dir, path) : undefined;
    const mode = explicit ?? (adopted || before?.adopted ? 'user' : defaultMode(path));
    if (mode === 'user' || adopted) {
      const existing = adopted ?? before?.adopted ?? path;
      files[path] = { ...(before ?? {}), mode: 'user', ...(existing !== path || adopted ? { adopted: existing } : {}) };
      if (change.status !== 'unchanged' && existsSync(join(dir, existing))) kept.push({ path, existing, reason: adopted || before?.adopted ? 'adopted' : 'user', message: relation(existing) });
      continue;
    }
    if (change.status === 'unchanged') {
      files[path] = entryFor(mode, content);
      continue;
    }
    if (change.status === 'changed' && mode === 'seeded' && before) {
      files[path] = { ...before, mode };
      kept.push({ path, existing: path, reason: 'seeded', message: 'seeded files are written once, then yours; set ownership to managed to have them updated' });
      continue;
    }
    if (change.status === 'changed' && !untouched(before, change.previous ?? '')) refused.push(path);
    files[path] = entryFor(mode, content);
    writes.push(change);
  }
  const answersSha256 = answersHash(answers);
  const rendered = changes.filter((c) => c.file.producer !== 'answers' && c.file.path !== LOCK_PATH).map((c) => [c.file.path, c.file.content] as const);
  const lock: Lock = { format: LOCK_FORMAT, generator: GENERATOR, version, answers: answersSha256, render: renderDigest(BUILD, answersSha256, rendered), ...directoryOf(answers), files };
  const lockFile: VirtualFile = { path: LOCK_PATH, content: serializeLock(lock), producer: 'answers', summary: 'Lock: generator version, answers hash, owner and hash of every generated file' };
  const [lockChange] = diffAgainstDisk(buildTree([lockFile]), dir);
  if (lockChange!.status !== 'unchanged') writes.push(lockChange!);
  return { changes: [...changes.filter((c) => c.file.path !== LOCK_PATH), lockChange!], writes, refused, kept, lock };
}
