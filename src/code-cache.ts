/**
 * A V8 code cache for dist/main.cjs: the bytecode of the functions a generation and a check run,
 * so that a run deserializes them instead of parsing and compiling ~390 kB of JavaScript (about a
 * quarter of a T1 generation's instructions). It cannot ship in the package (~650 kB, ~240 kB
 * compressed, against a 500 kB tarball), so dist/install.cjs writes it beside the bundle when the
 * package is installed (postinstall): the Node that installs is the Node that runs. A run never
 * writes it. It is offered to V8 only when its header names this build, this bundle's length and
 * this V8, and the SHA-1 of the data matches: V8 checks its own flags but trusts the data (damaged
 * data crashed the process; its --verify-snapshot-checksum cost more than the hash). V8 rejects a
 * cache made with other flags cleanly. A missing, stale or rejected cache only means compiling as
 * usual. Bundle only (the CommonJS `require` of its dependencies).
 */
import { BUILD } from './version.js';

type Vm = typeof import('node:vm');
type Script = import('node:vm').Script;

export const CODE_CACHE_FILE = 'main.cjs.cache';
export const BUNDLE_FILE = 'main.cjs';

const fs = (): typeof import('node:fs') => require('node:fs') as typeof import('node:fs');
const path = (): typeof import('node:path') => require('node:path') as typeof import('node:path');

/** What a cache was made for, and its data's digest: if any of it differs, the cache is not even offered to V8. */
function cacheHeader(source: string, data: Uint8Array): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return JSON.stringify({ build: BUILD, v8: process.versions.v8, length: source.length, sha1: createHash('sha1').update(data).digest('hex') });
}

/** The file: a header line, then V8's cached data. */
export function encodeCache(source: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${cacheHeader(source, data)}\n`), data]);
}

function cachedDataFor(dir: string, source: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = fs().readFileSync(path().join(dir, CODE_CACHE_FILE));
  } catch {
    return undefined;
  }
  const newline = file.indexOf(10);
  if (newline < 0) return undefined;
  const data = file.subarray(newline + 1);
  return file.toString('utf8', 0, newline) === cacheHeader(source, data) ? data : undefined;
}

/** Compiles and runs the bundle as Node's CommonJS loader would, with cached data when given. */
export function compileBundle(dir: string, source: string, cachedData?: Buffer): { exports: unknown; script: Script } {
  const vm = require('node:vm') as Vm;
  const Module = require('node:module') as typeof import('node:module');
  const filename = path().join(dir, BUNDLE_FILE);
  const script = new vm.Script(Module.wrap(source), {
    filename,
    ...(cachedData ? { cachedData } : {}),
    // import() in the bundle (the prompts, on a TTY) resolves as from any CommonJS module.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as unknown, filename, id: filename, loaded: false };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, Module.createRequire(filename), module, filename, dir);
  module.loaded = true;
  return { exports: module.exports, script };
}

/** Node 20.12 and later let a vm script's import() use the main context's loader. */
export function codeCacheSupported(): boolean {
  return Boolean((require('node:vm') as Vm).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER);
}

/**
 * The bundle's exports, compiled with the cache beside it when there is one for exactly this
 * bundle; undefined when there is none, to be required as usual.
 */
export function loadWithCodeCache(dir: string): unknown {
  let source: string;
  try {
    source = fs().readFileSync(path().join(dir, BUNDLE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const cachedData = cachedDataFor(dir, source);
  return cachedData && codeCacheSupported() ? compileBundle(dir, source, cachedData).exports : undefined;
}
