/**
 * A fault injector for a child process (`node --require test/helpers/fault-preload.cjs …`), so
 * that the product code carries no test hook. It counts the file-system calls that change the
 * disk (create, write, rename, link, chmod, mkdir, unlink, rmdir) and, at the Nth, acts:
 *
 *   CDS_FAULT=count:FILE   count only; write the total to FILE at exit
 *   CDS_FAULT=kill:N       SIGKILL this process just before the Nth call (a power cut, kill -9)
 *   CDS_FAULT=ENOSPC:N     make the Nth call fail with ENOSPC (any errno code works the same way)
 *
 * install({ at, only }) counts only the calls named in `only`, when given.
 *
 * Also usable in-process (vitest) through install(): node:fs's ESM bindings are re-synced, so the
 * sources under test see the wrapped functions.
 */
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');

const MUTATING = ['writeFileSync', 'appendFileSync', 'renameSync', 'linkSync', 'symlinkSync', 'copyFileSync', 'chmodSync', 'fchmodSync', 'mkdirSync', 'unlinkSync', 'rmdirSync', 'rmSync', 'truncateSync', 'ftruncateSync', 'writeSync', 'openSync'];

function mutates(name, args) {
  if (name === 'writeSync') return args[0] !== 1 && args[0] !== 2;
  if (name === 'openSync') {
    const flags = args[1];
    if (flags === undefined || flags === 'r' || flags === 'rs') return false;
    if (typeof flags === 'number') return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0;
    return /[wa+]/.test(String(flags));
  }
  return true;
}

/** Wraps node:fs; returns a function that gives the calls counted so far and restores fs. */
function install(spec, onCall) {
  const originals = {};
  let count = 0;
  // fs calls itself (writeFileSync opens and writes): only the outermost call counts.
  let depth = 0;
  for (const name of MUTATING) {
    const original = fs[name];
    originals[name] = original;
    fs[name] = function wrapped(...args) {
      if (depth === 0 && mutates(name, args) && (!spec.only || spec.only.includes(name))) {
        count += 1;
        if (spec.at === count) onCall(name, args, original);
      }
      depth += 1;
      try {
        return original.apply(this, args);
      } finally {
        depth -= 1;
      }
    };
  }
  syncBuiltinESMExports();
  return {
    count: () => count,
    restore: () => {
      for (const name of MUTATING) fs[name] = originals[name];
      syncBuiltinESMExports();
    },
  };
}

function failure(code, name, args) {
  return Object.assign(new Error(`${code}: injected fault, ${name} '${String(args[0])}'`), { code, errno: -28, syscall: name.replace(/Sync$/, ''), path: String(args[0]) });
}

module.exports = { install, failure };

const env = process.env.CDS_FAULT;
if (env) {
  const [mode, arg] = env.split(':');
  if (mode === 'count') {
    const counter = install({ at: -1 }, () => undefined);
    const write = counter.restore;
    process.on('exit', () => {
      write();
      fs.writeFileSync(arg, String(counter.count()));
    });
  } else if (mode === 'kill') {
    install({ at: Number(arg) }, () => process.kill(process.pid, 'SIGKILL'));
  } else {
    install({ at: Number(arg) }, (name, args) => {
      throw failure(mode, name, args);
    });
  }
}
