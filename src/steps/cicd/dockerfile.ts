/**
 * Dockerfile and .dockerignore per stack. Built from lines in TS rather than a template:
 * the four files share one skeleton, so a table of per-stack lines is shorter than four
 * templates and needs no build step; the only plan values are numbers (port, uid).
 */
import type { Stack } from '../../config/answers.js';
import type { Plan } from '../../plan/types.js';

interface Recipe {
  build: string[];
  runtime: string[];
  cmd: string;
  ignore: string[];
}

const RECIPES: Record<Stack, Recipe> = {
  node: {
    build: [
      'FROM node:22-bookworm-slim AS build',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build --if-present && npm prune --omit=dev',
    ],
    runtime: ['FROM node:22-bookworm-slim', 'ENV NODE_ENV=production', 'WORKDIR /app', 'COPY --from=build /app .'],
    cmd: 'CMD ["node", "."]',
    ignore: ['node_modules', 'npm-debug.log*'],
  },
  python: {
    build: [
      'FROM python:3.13-slim AS build',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir --prefix=/install -r requirements.txt',
    ],
    runtime: [
      'FROM python:3.13-slim',
      'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1',
      'WORKDIR /app',
      'COPY --from=build /install /usr/local',
      'COPY . .',
    ],
    cmd: 'CMD ["python", "main.py"]',
    ignore: ['__pycache__', '*.pyc', '.venv', '.pytest_cache'],
  },
  go: {
    build: [
      'FROM golang:1.25 AS build',
      'WORKDIR /src',
      'COPY go.mod go.sum* ./',
      'RUN go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .',
    ],
    runtime: ['FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /out/app /app'],
    cmd: 'ENTRYPOINT ["/app"]',
    ignore: ['bin'],
  },
  java: {
    build: [
      'FROM maven:3.9-eclipse-temurin-21 AS build',
      'WORKDIR /src',
      'COPY pom.xml .',
      'RUN mvn -B dependency:go-offline',
      'COPY src src',
      'RUN mvn -B -DskipTests package',
    ],
    runtime: ['FROM eclipse-temurin:21-jre', 'WORKDIR /app', 'COPY --from=build /src/target/*.jar app.jar'],
    cmd: 'ENTRYPOINT ["java", "-jar", "app.jar"]',
    ignore: ['target'],
  },
};

/** Never in the build context: history, local secrets, and the generated infrastructure and docs. */
function ignoreAlways(paths: Plan['paths']): string[] {
  const roots = [paths.iacDir, paths.bootstrapDir, paths.k8sDir, paths.observabilityDir].map((p) => p.split('/')[0]!);
  return [...new Set(['.git', '.github', '.env*', '*.pem', ...roots, paths.docsDir])];
}

/** The image of the Dockerfile's build stage: the toolchain CI platforms that run jobs in images test with. */
export function toolchainImage(stack: Stack): string {
  return RECIPES[stack].build[0]!.split(' ')[1]!;
}

export function dockerfile(plan: Pick<Plan, 'stack' | 'app'>): string {
  const r = RECIPES[plan.stack];
  const { uid, port } = plan.app;
  return [...r.build, '', ...r.runtime, `USER ${uid}:${uid}`, `EXPOSE ${port}`, r.cmd, ''].join('\n');
}

/** `platformFiles`: what the CI platform's steps leave in the workspace (a cloud login's credentials file). */
export function dockerignore(plan: Pick<Plan, 'stack' | 'paths'>, platformFiles: string[] = []): string {
  return [...ignoreAlways(plan.paths), ...platformFiles, ...RECIPES[plan.stack].ignore, ''].join('\n');
}
