// The floor: the least a Node process can do for the same output. It makes a temp dir
// under argv[2] and writes the files listed in argv[3] (JSON: [[relative path, bytes], …])
// with the same paths and sizes; with --read it reads them from argv[2] instead (the floor
// for `check`, which writes nothing). CommonJS, like the CLI's bundle (ESM starts ~18% slower),
// and nothing beyond node:fs and node:path.
'use strict';
const { mkdirSync, mkdtempSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const [base, listFile, mode] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, 'utf8'));
if (mode === '--read') {
  for (const [path] of files) readFileSync(join(base, path), 'utf8');
} else {
  const dir = mkdtempSync(join(base, 'floor-'));
  const made = new Set();
  for (const [path, bytes] of files) {
    const parent = dirname(join(dir, path));
    if (!made.has(parent)) mkdirSync(parent, { recursive: true });
    made.add(parent);
    writeFileSync(join(dir, path), 'x'.repeat(bytes));
  }
}
