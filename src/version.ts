declare const __VERSION__: string;
declare const __BUILD__: string;

/** Replaced at build time (scripts/build.mjs) and in tests (vitest.config.ts). */
export const VERSION: string = __VERSION__;

/** This build's identity (scripts/build-id.mjs): what decides the render, digested. */
export const BUILD: string = __BUILD__;
