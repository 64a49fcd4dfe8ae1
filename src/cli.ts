import { main } from './cli/main.js';
import { processIo } from './cli/io.js';

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Unexpected: a bug. Show the stack so it can be reported.
    console.error(error);
    process.exitCode = 2;
  },
);
