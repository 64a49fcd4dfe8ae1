/**
 * The Node image per package manager: npm, Yarn (classic or Berry) and pnpm through corepack on
 * the official node image at the runtime version, bun on its own image. Dependencies install from
 * the lockfile before the sources are copied (a cached layer), the build runs, then development
 * dependencies are pruned where the package manager can do it safely.
 */
import { TOOL_VERSIONS } from '../../plan/toolchain.js';
import { aptInstall, exec, type DockerPlan, type Recipe } from './dockerfile-lines.js';

/** The manifests the install reads (wildcards: files that may be absent). */
const MANIFESTS = {
  npm: 'package*.json',
  yarn: 'package.json yarn.lock .yarnrc.yml*',
  pnpm: 'package.json pnpm-lock.yaml pnpm-workspace.yaml* .npmrc*',
  bun: 'package.json bun.lock*',
} as const;

type NodeManager = keyof typeof MANIFESTS;

/** Removes development dependencies after the build; none for Yarn Berry, whose `workspaces focus` needs Yarn 4. */
function prune(pm: NodeManager, install: string): string | undefined {
  const frozen = install.includes('--frozen-lockfile') ? ' --frozen-lockfile' : '';
  switch (pm) {
    case 'npm':
      return 'npm prune --omit=dev';
    case 'pnpm':
      return 'pnpm prune --prod';
    case 'yarn':
      return install.includes('--immutable') ? undefined : 'yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline';
    case 'bun':
      return `rm -rf node_modules && bun install --production${frozen}`;
  }
}

export function nodeRecipe(plan: DockerPlan): Recipe {
  const pm = plan.toolchain.packageManager as NodeManager;
  const image = pm === 'bun' ? `oven/bun:${TOOL_VERSIONS.bun}-slim` : `node:${plan.toolchain.version}-bookworm-slim`;
  const { install, build, start } = plan.app.commands;
  const corepack = pm === 'yarn' || pm === 'pnpm';
  // Started through Yarn or pnpm: the version corepack downloaded at build time goes into the image, so nothing downloads at start.
  const startsWithManager = corepack && start[0] === pm;
  const after = [build, prune(pm, install)].filter(Boolean).join(' && ');
  return {
    build: [
      `FROM ${image} AS build`,
      // node-gyp compiles native addons (bcrypt, better-sqlite3) at install.
      ...(plan.answers.app.native.includes('node-gyp') ? [aptInstall(['python3', 'make', 'g++'])] : []),
      'WORKDIR /app',
      // Yarn Berry's Plug'n'Play needs its loader at run time; node_modules works with `node FILE`.
      ...(pm === 'yarn' ? ['ENV YARN_NODE_LINKER=node-modules'] : []),
      ...(startsWithManager ? ['ENV COREPACK_HOME=/corepack'] : []),
      `COPY ${MANIFESTS[pm]} ./`,
      `RUN ${corepack ? 'corepack enable && ' : ''}${install}`,
      'COPY . .',
      ...(after ? [`RUN ${after}`] : []),
    ],
    runtime: [
      `FROM ${image}`,
      'ENV NODE_ENV=production',
      ...(startsWithManager ? ['ENV COREPACK_HOME=/corepack', 'COPY --from=build /corepack /corepack', 'RUN corepack enable'] : []),
      'WORKDIR /app',
      'COPY --from=build /app .',
    ],
    start: exec('CMD', start),
    ignore: ['node_modules', 'npm-debug.log*'],
  };
}
