/**
 * The toolchain CI sets up and the image builds with, from the answers: the runtime version and
 * package manager detected in the repository (or each stack's default), the files the dependency
 * cache is keyed on, where each package manager downloads to, and how it gets on the PATH.
 * Versions of the package managers we install ourselves are pinned here, for CI and the image.
 */
import type { Answers, PackageManager } from '../config/answers.js';
import type { CacheDir, Toolchain } from './types.js';

/** Package managers that neither the runtime's image nor CI's runner ships, at the version we install. */
export const TOOL_VERSIONS = { poetry: '2.1.3', uv: '0.8.0', pdm: '2.22.0', pipenv: '2024.4.0', bun: '1.4.5' } as const;

interface Manager {
  lockfiles: string[];
  cache: CacheDir[];
  setup: string[];
}

const pipInstall = (tool: keyof typeof TOOL_VERSIONS): string => `pip install ${tool}==${TOOL_VERSIONS[tool]}`;
/** Corepack ships with Node up to 24 and provides the version package.json's packageManager names (Yarn classic without one). */
const COREPACK = 'corepack enable';

const MANAGERS: Record<PackageManager, Manager> = {
  npm: { lockfiles: ['package-lock.json'], cache: [{ path: '~/.npm', env: 'npm_config_cache' }], setup: [] },
  // Yarn classic's cache, and Berry's global folder (its cache lives there since Yarn 4).
  yarn: { lockfiles: ['yarn.lock'], cache: [{ path: '~/.cache/yarn', env: 'YARN_CACHE_FOLDER' }, { path: '~/.yarn/berry', env: 'YARN_GLOBAL_FOLDER' }], setup: [COREPACK] },
  pnpm: { lockfiles: ['pnpm-lock.yaml'], cache: [{ path: '~/.local/share/pnpm/store', env: 'npm_config_store_dir' }], setup: [COREPACK] },
  bun: { lockfiles: ['bun.lock', 'bun.lockb'], cache: [{ path: '~/.bun/install/cache', env: 'BUN_INSTALL_CACHE_DIR' }], setup: [`npm install --global bun@${TOOL_VERSIONS.bun}`] },
  pip: { lockfiles: ['requirements.txt'], cache: [{ path: '~/.cache/pip', env: 'PIP_CACHE_DIR' }], setup: [] },
  poetry: { lockfiles: ['poetry.lock'], cache: [{ path: '~/.cache/pypoetry', env: 'POETRY_CACHE_DIR' }], setup: [pipInstall('poetry')] },
  uv: { lockfiles: ['uv.lock'], cache: [{ path: '~/.cache/uv', env: 'UV_CACHE_DIR' }], setup: [pipInstall('uv')] },
  pdm: { lockfiles: ['pdm.lock'], cache: [{ path: '~/.cache/pdm', env: 'PDM_CACHE_DIR' }], setup: [pipInstall('pdm')] },
  pipenv: { lockfiles: ['Pipfile.lock'], cache: [{ path: '~/.cache/pipenv', env: 'PIPENV_CACHE_DIR' }, { path: '~/.cache/pip', env: 'PIP_CACHE_DIR' }], setup: [pipInstall('pipenv')] },
  go: { lockfiles: ['go.sum'], cache: [{ path: '~/go/pkg/mod', env: 'GOMODCACHE' }, { path: '~/.cache/go-build', env: 'GOCACHE' }], setup: [] },
  // Maven reads its repository's place from -Dmaven.repo.local (MAVEN_OPTS), not from a variable of its own.
  maven: { lockfiles: ['pom.xml'], cache: [{ path: '~/.m2/repository' }], setup: [] },
  gradle: {
    lockfiles: ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'gradle/wrapper/gradle-wrapper.properties', 'gradle/libs.versions.toml'],
    cache: [{ path: '~/.gradle/caches' }, { path: '~/.gradle/wrapper' }],
    setup: [],
  },
};

/** The requirement files a pip install reads (`-r FILE`, `--requirement FILE`), in order. */
export function requirementFiles(install: string): string[] {
  const files: string[] = [];
  for (const part of install.split(/&&|;/)) {
    const words = part.trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
    words.forEach((word, i) => {
      if ((word === '-r' || word === '--requirement') && words[i + 1]) files.push(words[i + 1]!);
      else if (word.startsWith('--requirement=')) files.push(word.slice('--requirement='.length));
    });
  }
  return files;
}

/** What keys the cache: the lockfile the install reads (npm without one: package.json; pip: its requirement files, else pyproject.toml). */
function lockfiles(answers: Pick<Answers, 'app'>): string[] {
  const { packageManager, commands } = answers.app;
  if (packageManager === 'npm' && !/\bnpm ci\b/.test(commands.install)) return ['package.json'];
  if (packageManager === 'pip') {
    const files = requirementFiles(commands.install);
    return files.length ? files : ['pyproject.toml'];
  }
  return MANAGERS[packageManager].lockfiles;
}

export function toolchainFor(answers: Pick<Answers, 'stack' | 'app'>): Toolchain {
  const manager = MANAGERS[answers.app.packageManager];
  return {
    language: answers.stack,
    version: answers.app.runtimeVersion,
    packageManager: answers.app.packageManager,
    lockfiles: lockfiles(answers),
    cache: manager.cache.map((c) => ({ ...c })),
    setup: [...manager.setup],
  };
}

/**
 * The dependency cache moved inside the job's workspace, where CI platforms cache from: each
 * download directory with its variable, under `.cache/` (`~/.cache/pip` → `.cache/.cache-pip`).
 */
export function workspaceCaches(toolchain: Pick<Toolchain, 'cache'>): { env: string; dir: string }[] {
  return toolchain.cache.filter((c) => c.env).map((c) => ({ env: c.env!, dir: `.cache/${c.path.replace(/^~\//, '').replace(/[^A-Za-z0-9._-]+/g, '-')}` }));
}

/** The lockfile that keys the cache: the first without a glob (a platform's checksum reads one file). */
export function cacheKeyFile(toolchain: Pick<Toolchain, 'lockfiles'>): string | undefined {
  return toolchain.lockfiles.find((f) => !f.includes('*'));
}
