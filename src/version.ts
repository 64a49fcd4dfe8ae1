declare const __VERSION__: string;
declare const __BUILD__: string;
declare const __BUNDLED__: boolean;

/** Replaced at build time (scripts/build.mjs) and in tests (vitest.config.ts). */
export const VERSION: string = __VERSION__;

/** This build's identity (scripts/build-id.mjs): what decides the render, digested. */
export const BUILD: string = __BUILD__;

/** True in the bundle (scripts/build.mjs), false in the sources run by the tests (vitest.config.ts). */
export const BUNDLED: boolean = __BUNDLED__;
