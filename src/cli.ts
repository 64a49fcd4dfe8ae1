/**
 * The CLI's entry (dist/cli.cjs). It answers what it can without the rest of the CLI
 * (src/cli/quick.ts: --version, check of unchanged stacks) and otherwise loads it: in the
 * bundle, dist/main.cjs, compiled only when needed (scripts/build.mjs).
 */
import { loadWithCodeCache } from './code-cache.js';
import { processIo } from './cli/io.js';
import { quickAnswer } from './cli/quick.js';
import { BUNDLED } from './version.js';


type Main = typeof import('./cli/main.js');

const argv = process.argv.slice(2);
const io = processIo();
const quick = quickAnswer(argv, io);
if (quick !== undefined) {
  process.exitCode = quick;
} else {
  // A run whose event loop empties before main() settles would otherwise exit 0 having done
  // nothing: report it as the bug it is.
  let settled = false;
  process.once('exit', () => {
    if (settled) return;
    process.stderr.write('create-devops-stack: internal error: the run ended before it finished; please report it.\n');
    process.exitCode = 2;
  });
  // scripts/build.mjs resolves './cli/main.js' to dist/main.cjs, external to this bundle.
  // In the bundle, with the code cache the install wrote (src/code-cache.ts) when there is one for this very build.
  const loaded: Promise<Main> = BUNDLED ? Promise.resolve(((loadWithCodeCache(__dirname) as Main | undefined) ?? require('./cli/main.js')) as Main) : import('./cli/main.js');
  loaded
    .then(({ main }) => main(argv, io))
    .then(
      (code) => {
        settled = true;
        process.exitCode = code;
      },
      (error: unknown) => {
        settled = true;
        // Unexpected: a bug. Show the stack so it can be reported.
        console.error(error);
        process.exitCode = 2;
      },
    );
}
