/**
 * What a generate run may write, given the lock of the previous run and what is on
 * disk. Managed files are replaced when the disk still holds what we rendered, and refused
 * (without --force) when edited by hand; seeded files are replaced only while nobody edited
 * them, and kept once edited; user files never. In a repository we never generated into, an existing file of a
 * seeded kind (Dockerfile, compose file, Makefile, …) is adopted: kept, owner `user`.
 * Files the previous run generated and this one does not are handled by ./orphans.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../config/answers.js';
import { answersRewritable, serializeAnswers } from '../config/answers-file.js';
import { BUILD } from '../version.js';
import { renderDigest } from './render-digest.js';
import { buildTree, type VirtualFile } from '../core/files.js';
import { sha256 } from '../core/hash.js';
import { GENERATOR } from '../plan/conventions.js';
import { diffAgainstDisk, type FileChange, type FileRemoval } from '../write/writer.js';
import { gitBlobId } from './blob.js';
import { LOCK_FORMAT, LOCK_PATH, serializeLock, untouched, type Lock, type LockEntry } from './lock.js';
import { orphansOf } from './orphans.js';
import { defaultMode, explicitMode, ORCHESTRATION_KINDS } from './ownership.js';

export interface KeptFile {
  path: string;
  /** The existing file we kept: the same path, or another file of the same kind. */
  existing: string;
  reason: 'adopted' | 'seeded' | 'user' | 'orphaned' | 'foreign';
  message: string;
}

export interface GenerateWrites {
  /** Every file's change (the lock included), for the report. */
  changes: FileChange[];
  /** The changes to write. */
  writes: FileChange[];
  /** Files that differ from what we would write and are not ours to replace. */
  refused: string[];
  /** Symbolic links where we would write: never written through or replaced, --force or not. */
  links: string[];
  kept: KeptFile[];
  /** Files an earlier run generated and this one does not, unmodified: deleted with the writes. */
  removed: FileRemoval[];
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

/**
 * The lock of a render, for generate and upgrade alike: the version and answers it came from,
 * the digest of the whole render (render-digest.ts), where the stack is (below the repository
 * root only, as in the answers file), and the files' entries.
 */
export function lockOf(answers: Answers, version: string, rendered: Iterable<readonly [path: string, content: string]>, files: Record<string, LockEntry>): Lock {
  const answersSha256 = answersHash(answers);
  const directory = answers.directory ? { directory: answers.directory } : {};
  return { format: LOCK_FORMAT, generator: GENERATOR, version, answers: answersSha256, render: renderDigest(BUILD, answersSha256, answers.directory, rendered), ...directory, files };
}

export function answersHash(answers: Answers): string {
  return sha256(serializeAnswers(answers));
}

export function entryFor(mode: LockEntry['mode'], written: string): LockEntry {
  return { mode, sha256: sha256(written), base: gitBlobId(written) };
}

export function planGenerateWrites(changes: readonly FileChange[], dir: string, answers: Answers, previous: Lock | undefined, version: string, reach?: string): GenerateWrites {
  const files: Record<string, LockEntry> = {};
  const kept: KeptFile[] = [];
  const refused: string[] = [];
  const writes: FileChange[] = [];
  const links: string[] = [];
  for (const change of changes) {
    const { path, content } = change.file;
    if (path === LOCK_PATH) continue;
    if (change.file.producer === 'answers') {
      // The answers file is the user's input, not a generated file: never in the lock. Rewritten with
      // every answer filled in only when that changes none of the values it states and drops no comment.
      if (change.link) links.push(path);
      else if (change.status === 'changed' && !answersRewritable(change.previous, answers)) refused.push(path);
      if (change.status !== 'unchanged' && !change.link) writes.push(change);
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
    if (change.link) {
      links.push(path);
      continue;
    }
    // A seeded file is the user's once edited; until then it follows the answers like ours.
    if (change.status === 'changed' && mode === 'seeded' && before && !untouched(before, change.previous ?? '')) {
      files[path] = { ...before, mode };
      kept.push({ path, existing: path, reason: 'seeded', message: 'seeded, and edited by you: kept; set ownership to managed to have it updated' });
      continue;
    }
    if (change.status === 'changed' && !untouched(before, change.previous ?? '')) refused.push(path);
    files[path] = entryFor(mode, content);
    writes.push(change);
  }
  const orphans = orphansOf(previous, new Set(changes.map((c) => c.file.path)), dir, reach);
  for (const [path, entry] of orphans.kept) {
    files[path] = entry;
    kept.push({ path, existing: path, reason: 'orphaned', message: 'no longer generated, but edited or yours: left as it is (delete it if it is not needed)' });
  }
  for (const path of orphans.foreign) {
    kept.push({ path, existing: path, reason: 'foreign', message: `named in the previous ${LOCK_PATH}, but not a file create-devops-stack writes: left alone, and dropped from the lock` });
  }
  const rendered = changes.filter((c) => c.file.producer !== 'answers' && c.file.path !== LOCK_PATH).map((c) => [c.file.path, c.file.content] as const);
  const lock = lockOf(answers, version, rendered, files);
  const lockFile: VirtualFile = { path: LOCK_PATH, content: serializeLock(lock), producer: 'answers', summary: 'Lock: generator version, answers hash, owner and hash of every generated file' };
  const [lockChange] = diffAgainstDisk(buildTree([lockFile]), dir);
  if (lockChange!.status !== 'unchanged') writes.push(lockChange!);
  return { changes: [...changes.filter((c) => c.file.path !== LOCK_PATH), lockChange!], writes, refused, links, kept, removed: orphans.removed, lock };
}
