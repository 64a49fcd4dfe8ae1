declare const __VERSION__: string;

/** Replaced at build time (scripts/build.mjs) and in tests (vitest.config.ts). */
export const VERSION: string = __VERSION__;
