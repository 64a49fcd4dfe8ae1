/**
 * The commands a stack runs when the repository does not name its own: per package manager,
 * the usual locked install, test, build and start. For npm, pip, go and maven these are what
 * the generated CI and Dockerfile ran before detection existed, so the default stacks do not
 * change. Detection (src/detect/) replaces them with the repository's own.
 */
import type { AppCommands, PackageManager, Stack } from './answers.js';

const NODE_START = ['node', '.'];
const PYTHON_START = ['python', 'main.py'];
const JAVA_START = ['java', '-jar', 'app.jar'];

const COMMANDS: Record<PackageManager, AppCommands> = {
  npm: { install: 'npm ci', test: 'npm test', build: 'npm run build --if-present', start: NODE_START },
  yarn: { install: 'yarn install --immutable', test: 'yarn test', start: NODE_START },
  pnpm: { install: 'pnpm install --frozen-lockfile', test: 'pnpm test', build: 'pnpm run --if-present build', start: NODE_START },
  bun: { install: 'bun install --frozen-lockfile', test: 'bun run test', start: ['bun', 'run', 'start'] },
  pip: { install: 'pip install -r requirements.txt', test: 'python -m pytest', start: PYTHON_START },
  poetry: { install: 'poetry install --no-interaction --no-root', test: 'poetry run pytest', start: PYTHON_START },
  uv: { install: 'uv sync --frozen', test: 'uv run pytest', start: PYTHON_START },
  pdm: { install: 'pdm sync', test: 'pdm run pytest', start: PYTHON_START },
  pipenv: { install: 'pipenv install --deploy --dev', test: 'pipenv run pytest', start: PYTHON_START },
  go: { install: 'go mod download', test: 'go test ./...', build: 'go build -trimpath -ldflags="-s -w" -o app .', start: ['./app'] },
  maven: { install: 'mvn -B dependency:go-offline', test: 'mvn -B verify', build: 'mvn -B -DskipTests package', start: JAVA_START },
  gradle: { install: 'gradle --no-daemon dependencies', test: 'gradle --no-daemon test', build: 'gradle --no-daemon assemble', start: JAVA_START },
};

/** A fresh copy: callers may change it. `stack` is for callers' clarity; the manager decides. */
export function defaultCommands(_stack: Stack, packageManager: PackageManager): AppCommands {
  const c = COMMANDS[packageManager];
  return { install: c.install, test: c.test, ...(c.build ? { build: c.build } : {}), start: [...c.start] };
}
