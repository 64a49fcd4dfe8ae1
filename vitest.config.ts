import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { buildId } from './scripts/build-id.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __VERSION__: JSON.stringify(pkg.version), __BUILD__: JSON.stringify(buildId(import.meta.dirname)), __BUNDLED__: 'false' },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
