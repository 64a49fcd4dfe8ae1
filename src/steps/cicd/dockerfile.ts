/**
 * Dockerfile and .dockerignore, following the app's build tool: a build stage that installs with
 * the repository's own package manager and lockfile at the runtime version CI uses, then builds;
 * a runtime stage from the same version, non-root, exposing the app's port, started with the
 * repository's start command in exec form. Native needs (cgo, node-gyp, libpq) pick the base
 * images and system packages. Built from lines in TS: the recipes share one skeleton.
 */
import type { Plan } from '../../plan/types.js';
import { TOOL_VERSIONS, requirementFiles } from '../../plan/toolchain.js';
import { nodeRecipe } from './dockerfile-node.js';
import { aptInstall, exec, type DockerPlan, type Recipe } from './dockerfile-lines.js';

export type { DockerPlan } from './dockerfile-lines.js';

const PYTHON_ENV = 'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1';

/** Requirement files the image installs: the install's own, less those for development (dev, test, lint). */
function productionRequirements(install: string): string[] {
  return requirementFiles(install).filter((f) => !/(^|[-_./])(dev|test|tests|testing|lint|ci|docs)([-_.]|$)/i.test(f));
}

/** The package managers that install into a virtual environment in the project (.venv), copied whole into the image. */
const VENV_INSTALL: Record<'poetry' | 'uv' | 'pdm' | 'pipenv', { files: string; install: string }> = {
  poetry: { files: 'pyproject.toml poetry.lock', install: 'POETRY_VIRTUALENVS_IN_PROJECT=true poetry install --only main --no-root --no-interaction' },
  uv: { files: 'pyproject.toml uv.lock', install: 'UV_PROJECT_ENVIRONMENT=/app/.venv UV_PYTHON_DOWNLOADS=never uv sync --frozen --no-dev --no-install-project' },
  pdm: { files: 'pyproject.toml pdm.lock', install: 'pdm sync --prod --no-self' },
  pipenv: { files: 'Pipfile Pipfile.lock', install: 'PIPENV_VENV_IN_PROJECT=1 pipenv install --deploy' },
};

function pythonRecipe(plan: DockerPlan): Recipe {
  const image = `python:${plan.toolchain.version}-slim`;
  const native = plan.answers.app.native;
  // psycopg2 from source: a compiler and libpq's headers to build, libpq itself to run.
  const buildDeps = native.includes('libpq') ? [aptInstall(['gcc', 'libpq-dev'])] : [];
  const runDeps = native.includes('libpq') ? [aptInstall(['libpq5'])] : [];
  const pm = plan.toolchain.packageManager;
  const ignore = ['__pycache__', '*.pyc', '.venv', '.pytest_cache'];
  const start = exec('CMD', plan.app.commands.start);
  if (pm === 'poetry' || pm === 'uv' || pm === 'pdm' || pm === 'pipenv') {
    const { files, install } = VENV_INSTALL[pm];
    return {
      build: [`FROM ${image} AS build`, ...buildDeps, 'WORKDIR /app', `RUN pip install --no-cache-dir ${pm}==${TOOL_VERSIONS[pm]}`, `COPY ${files} ./`, `RUN ${install}`],
      runtime: [`FROM ${image}`, ...runDeps, `${PYTHON_ENV} PATH=/app/.venv/bin:$PATH`, 'WORKDIR /app', 'COPY --from=build /app/.venv .venv', 'COPY . .'],
      start,
      ignore,
    };
  }
  const requirements = productionRequirements(plan.app.commands.install);
  const install = requirements.length
    ? [`COPY ${requirements.join(' ')} ./`, `RUN pip install --no-cache-dir --prefix=/install ${requirements.map((f) => `-r ${f}`).join(' ')}`]
    : // A pyproject.toml project without requirement files: pip installs the project and its dependencies.
      ['COPY . .', 'RUN pip install --no-cache-dir --prefix=/install .'];
  return {
    build: [`FROM ${image} AS build`, ...buildDeps, 'WORKDIR /app', ...install],
    runtime: [`FROM ${image}`, ...runDeps, PYTHON_ENV, 'WORKDIR /app', 'COPY --from=build /install /usr/local', 'COPY . .'],
    start,
    ignore,
  };
}

/** The build command writing the binary to /out/app: its `-o` replaced, or added after `go build`. */
function goBuild(build: string): string {
  if (/(^|\s)-o\s+\S+/.test(build)) return build.replace(/(^|\s)-o\s+\S+/, '$1-o /out/app');
  return build.replace(/\bgo build\b/, 'go build -o /out/app');
}

function goRecipe(plan: DockerPlan): Recipe {
  const cgo = plan.answers.app.native.includes('cgo');
  const build = plan.app.commands.build ?? 'go build -trimpath -ldflags="-s -w" -o app .';
  const [binary = './app', ...args] = plan.app.commands.start;
  const builtByGo = /\bgo build\b/.test(build);
  return {
    build: [
      `FROM golang:${plan.toolchain.version} AS build`,
      'WORKDIR /src',
      'COPY go.mod go.sum* ./',
      'RUN go mod download',
      'COPY . .',
      // cgo (mattn/go-sqlite3, import "C") links against the C library: built with it, run on an image that has it.
      builtByGo ? `RUN CGO_ENABLED=${cgo ? 1 : 0} ${goBuild(build)}` : `RUN ${build}`,
    ],
    runtime: [
      cgo ? 'FROM gcr.io/distroless/base-debian12:nonroot' : 'FROM gcr.io/distroless/static-debian12:nonroot',
      `COPY --from=build ${builtByGo ? '/out/app' : `/src/${binary.replace(/^\.\//, '')}`} /app`,
    ],
    start: [exec('ENTRYPOINT', ['/app']), ...(args.length ? [exec('CMD', args)] : [])].join('\n'),
    ignore: ['bin'],
  };
}

function javaRecipe(plan: DockerPlan): Recipe {
  const major = plan.toolchain.version.split('.')[0]!;
  const { install, build } = plan.app.commands;
  const start = exec('ENTRYPOINT', plan.app.commands.start);
  const runtime = [`FROM eclipse-temurin:${major}-jre`, 'WORKDIR /app'];
  if (plan.toolchain.packageManager === 'gradle') {
    const wrapper = /(^|\s)\.\/gradlew\b/.test(`${install} ${build ?? ''}`);
    const assemble = build ?? (wrapper ? './gradlew --no-daemon assemble' : 'gradle --no-daemon assemble');
    // Spring Boot writes a plain jar beside the runnable one (…-plain.jar): the runnable one is the app.
    const pick = "mkdir -p /out && find build/libs -maxdepth 1 -name '*.jar' ! -name '*-plain.jar' -exec cp {} /out/app.jar ';'";
    return {
      build: wrapper
        ? [`FROM eclipse-temurin:${major}-jdk AS build`, 'WORKDIR /src', 'COPY gradlew settings.gradle* build.gradle* gradle.properties* ./', 'COPY gradle gradle', `RUN ${install}`, 'COPY src src', `RUN ${assemble} && ${pick}`]
        : [`FROM gradle:jdk${major} AS build`, 'WORKDIR /src', 'COPY . .', `RUN ${assemble} && ${pick}`],
      runtime: [...runtime, 'COPY --from=build /out/app.jar app.jar'],
      start,
      ignore: ['build', '.gradle'],
    };
  }
  const wrapper = /(^|\s)\.\/mvnw\b/.test(`${install} ${build ?? ''}`);
  return {
    build: [
      wrapper ? `FROM eclipse-temurin:${major}-jdk AS build` : `FROM maven:3.9-eclipse-temurin-${major} AS build`,
      'WORKDIR /src',
      ...(wrapper ? ['COPY mvnw pom.xml ./', 'COPY .mvn .mvn'] : ['COPY pom.xml .']),
      `RUN ${install}`,
      'COPY src src',
      `RUN ${build ?? 'mvn -B -DskipTests package'}`,
    ],
    runtime: [...runtime, 'COPY --from=build /src/target/*.jar app.jar'],
    start,
    ignore: ['target'],
  };
}

function recipe(plan: DockerPlan): Recipe {
  switch (plan.stack) {
    case 'node':
      return nodeRecipe(plan);
    case 'python':
      return pythonRecipe(plan);
    case 'go':
      return goRecipe(plan);
    case 'java':
      return javaRecipe(plan);
  }
}

/** Never in the build context: history, local secrets, and the generated infrastructure and docs. */
function ignoreAlways(paths: Plan['paths']): string[] {
  const roots = [paths.iacDir, paths.bootstrapDir, paths.k8sDir, paths.observabilityDir].map((p) => p.split('/')[0]!);
  return [...new Set(['.git', '.github', '.env*', '*.pem', ...roots, paths.docsDir])];
}

/** The image of the Dockerfile's build stage: the toolchain CI platforms that run jobs in images test with. */
export function toolchainImage(plan: DockerPlan): string {
  return recipe(plan).build[0]!.split(' ')[1]!;
}

export function dockerfile(plan: DockerPlan): string {
  const r = recipe(plan);
  const { uid, port } = plan.app;
  return [...r.build, '', ...r.runtime, `USER ${uid}:${uid}`, `EXPOSE ${port}`, r.start, ''].join('\n');
}

/** `platformFiles`: what the CI platform's steps leave in the workspace (a cloud login's credentials file). */
export function dockerignore(plan: DockerPlan & Pick<Plan, 'paths'>, platformFiles: string[] = []): string {
  return [...ignoreAlways(plan.paths), ...platformFiles, ...recipe(plan).ignore, ''].join('\n');
}
