/**
 * A V8 code cache for dist/main.cjs: the bytecode of the functions a generation and a check run,
 * so that a run deserializes them instead of parsing and compiling ~390 kB of JavaScript (about a
 * quarter of a T1 generation's instructions). It cannot ship in the package (~650 kB, ~240 kB
 * compressed, against a 500 kB tarball), so dist/install.cjs writes it beside the bundle when the
 * package is installed (postinstall): the Node that installs is the Node that runs. A run never
 * writes it. It is offered to V8 only when its header names this build, this bundle's length and
 * this V8, and the data's checksum matches: V8 checks its own flags but trusts the data (damaged
 * data crashed the process; its --verify-snapshot-checksum cost more, loading node:v8). V8 rejects
 * a cache made with other flags cleanly. A missing, stale or rejected cache only means compiling as
 * usual. Bundle only (the CommonJS `require` of its dependencies).
 */
import { BUILD } from './version.js';

type Vm = typeof import('node:vm');
type Script = import('node:vm').Script;

export const CODE_CACHE_FILE = 'main.cjs.cache';
export const BUNDLE_FILE = 'main.cjs';

const fs = (): typeof import('node:fs') => require('node:fs') as typeof import('node:fs');
const path = (): typeof import('node:path') => require('node:path') as typeof import('node:path');

/**
 * A checksum of the data: V8 trusts cached data, and damaged data crashed the process. zlib's
 * CRC-32 is native (Node 20.15 and later; before, no cache is used): a JavaScript loop over
 * ~800 kB cost ~20 million instructions, SHA-1 ~10 million. Catches damage, not tampering:
 * whoever can write the package can change the bundle itself.
 */
function checksum(data: Uint8Array): number | undefined {
  // 'zlib', not 'node:zlib': the real module, whose crc32 may be missing (the build's wrappers always have one).
  const { crc32 } = require('zlib') as { crc32?: (data: Uint8Array) => number };
  return typeof crc32 === 'function' ? crc32(data) : undefined;
}

/** The header: what a cache was made for, and its checksum. If any of it differs, the cache is not even offered to V8. */
function cacheHeader(source: string, data: Uint8Array): string | undefined {
  const crc = checksum(data);
  return crc === undefined ? undefined : JSON.stringify({ build: BUILD, v8: process.versions.v8, length: source.length, crc32: crc });
}

/** The file: the header, padded to HEADER_BYTES, then V8's cached data. */
const HEADER_BYTES = 256;

/** The file's bytes, or undefined when this Node cannot check them (no zlib.crc32). */
export function encodeCache(source: string, data: Buffer): Buffer | undefined {
  const text = cacheHeader(source, data);
  if (text === undefined) return undefined;
  const header = Buffer.alloc(HEADER_BYTES, ' ');
  header.write(text);
  return Buffer.concat([header, data]);
}

function cachedDataFor(dir: string, source: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = fs().readFileSync(path().join(dir, CODE_CACHE_FILE));
  } catch {
    return undefined;
  }
  if (file.length <= HEADER_BYTES) return undefined;
  const data = file.subarray(HEADER_BYTES);
  const header = cacheHeader(source, data);
  return header !== undefined && file.toString('utf8', 0, HEADER_BYTES).trimEnd() === header ? data : undefined;
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
