/**
 * Install, test and start for a Python service. The test command is the one that really runs
 * this repository's tests: pytest only when pytest is a dependency (configured or not), else
 * Django's test runner, else unittest when test files exist, else none. Start follows a
 * Procfile, else the WSGI/ASGI server among the dependencies with the app object it serves.
 */
import type { Repo } from '../repo.js';
import { splitCommand } from '../shell-words.js';
import { tomlString } from '../toml.js';
import type { Detected } from '../types.js';
import { appObject, djangoProject, PYTHON_SOURCES, type PythonFramework } from './frameworks.js';
import type { PythonManagerChoice } from './package-manager.js';
import { has, type PythonProject } from './project.js';

const RUN: Record<PythonManagerChoice['manager'], string> = { pip: 'python -m', poetry: 'poetry run', uv: 'uv run', pdm: 'pdm run', pipenv: 'pipenv run' };
const run = (choice: PythonManagerChoice, command: string): string => (choice.manager === 'pip' ? (command === 'pytest' ? 'python -m pytest' : command) : `${RUN[choice.manager]} ${command}`);

function install(repo: Repo, project: PythonProject, choice: PythonManagerChoice): string {
  switch (choice.manager) {
    case 'uv':
      return choice.locked ? 'uv sync --frozen' : 'uv sync';
    case 'poetry':
      // The app's own package is installed only when it declares scripts to run.
      return project.pyproject?.has('tool.poetry.scripts') ? 'poetry install --no-interaction' : 'poetry install --no-interaction --no-root';
    case 'pdm':
      return choice.locked ? 'pdm sync' : 'pdm install';
    case 'pipenv':
      return choice.locked ? 'pipenv install --deploy --dev' : 'pipenv install --dev';
    default: {
      if (project.requirements.length) return `pip install ${project.requirements.filter((f) => f.endsWith('.txt')).map((f) => `-r ${f}`).join(' ')}`;
      const extras = Object.keys(project.pyproject?.get('project.optional-dependencies') ?? {}).filter((e) => e === 'test' || e === 'dev' || e === 'tests');
      return extras.length ? `pip install ".[${extras.join(',')}]"` : 'pip install .';
    }
  }
}

function pytestConfig(repo: Repo, project: PythonProject): string | undefined {
  if (project.pyproject?.has('tool.pytest.ini_options')) return 'pyproject.toml';
  return ['pytest.ini', 'conftest.py', 'tests/conftest.py'].find((f) => repo.read(f, 1) !== undefined) ?? [['setup.cfg', '[tool:pytest]'], ['tox.ini', '[pytest]']].find(([f, s]) => repo.read(f!)?.includes(s!))?.[0];
}

function test(repo: Repo, project: PythonProject, choice: PythonManagerChoice, framework: PythonFramework | undefined): Detected {
  const field = 'app.commands.test';
  const config = pytestConfig(repo, project);
  if (has(project, 'pytest')) return { field, value: run(choice, 'pytest'), file: project.dependencies.get('pytest')!, reason: `pytest is a dependency${config ? `, configured in ${config}` : ''}` };
  if (framework === 'django' && repo.read('manage.py', 1) !== undefined) return { field, value: run(choice, 'python manage.py test'), file: 'manage.py', reason: "Django's test runner (pytest is not a dependency)" };
  const tests = ['tests.py', 'test.py', ...repo.list('').filter((f) => /^test_.*\.py$/.test(f))].find((f) => repo.read(f, 1) !== undefined);
  const testsDir = ['tests', 'test'].find((d) => repo.list(d).some((f) => /^test.*\.py$/.test(f)));
  const unittest = tests ? 'python -m unittest' : testsDir ? `python -m unittest discover -s ${testsDir}` : undefined;
  if (unittest) return { field, value: run(choice, unittest), file: tests ?? testsDir!, reason: `unittest: pytest is not a dependency${config ? ` (though ${config} configures it)` : ''}` };
  return { field, value: 'none', file: choice.file, reason: 'no test files (tests.py, test_*.py, tests/) and no pytest dependency' };
}

function start(repo: Repo, project: PythonProject, framework: PythonFramework | undefined, port: number): Detected {
  const field = 'app.commands.start';
  const web = /^web:\s*(.+)$/m.exec(repo.read('Procfile') ?? '')?.[1]?.trim();
  if (web) {
    const line = web.replace(/\$\{?PORT\}?/g, String(port));
    const words = splitCommand(line);
    return { field, value: words ?? ['sh', '-c', line], file: 'Procfile', reason: `web: ${web}${web.includes('PORT') ? ` ($PORT is ${port})` : ''}${words ? '' : ' (needs a shell)'}` };
  }
  const bind = `0.0.0.0:${port}`;
  const files = repo.sources(PYTHON_SOURCES).files;
  if (framework === 'django') {
    const name = djangoProject(repo);
    if (name && has(project, 'gunicorn')) return { field, value: ['gunicorn', '--bind', bind, `${name}.wsgi`], file: 'manage.py', reason: `gunicorn serves the Django project ${name}` };
    if (name && has(project, 'uvicorn')) return { field, value: ['uvicorn', `${name}.asgi:application`, '--host', '0.0.0.0', '--port', String(port)], file: 'manage.py', reason: `uvicorn serves the Django project ${name}` };
    return { field, value: ['python', 'manage.py', 'runserver', bind], file: 'manage.py', reason: "Django's development server: no gunicorn or uvicorn among the dependencies (add one for production)" };
  }
  const app = framework ? appObject(files, framework) : undefined;
  if (app) {
    const asgi = framework === 'fastapi' || framework === 'starlette' || framework === 'quart';
    if (has(project, 'gunicorn')) {
      const worker = asgi && has(project, 'uvicorn') ? ['--worker-class', 'uvicorn.workers.UvicornWorker'] : [];
      return { field, value: ['gunicorn', '--bind', bind, ...worker, app.target], file: app.file, reason: `gunicorn serves ${app.target}` };
    }
    if (asgi && has(project, 'uvicorn')) return { field, value: ['uvicorn', app.target, '--host', '0.0.0.0', '--port', String(port)], file: app.file, reason: `uvicorn serves ${app.target}` };
    if (asgi && has(project, 'hypercorn')) return { field, value: ['hypercorn', app.target, '--bind', bind], file: app.file, reason: `hypercorn serves ${app.target}` };
    if (framework === 'flask') return { field, value: ['flask', '--app', app.target, 'run', '--host', '0.0.0.0', '--port', String(port)], file: app.file, reason: "Flask's development server: no gunicorn among the dependencies (add it for production)" };
  }
  const script = tomlString(Object.values(project.pyproject?.get('project.scripts') ?? {})[0] as string | undefined) ? Object.keys(project.pyproject!.get('project.scripts')!)[0] : undefined;
  if (script) return { field, value: [script], file: 'pyproject.toml', reason: `[project.scripts] ${script}` };
  const main = ['main.py', 'app.py', 'server.py', 'run.py'].find((f) => /__name__\s*==\s*['"]__main__['"]/.test(repo.read(f) ?? ''));
  if (main) return { field, value: ['python', main], file: main, reason: `${main} runs itself (if __name__ == "__main__")` };
  return { field, value: ['python', 'main.py'], file: 'pyproject.toml', reason: 'no Procfile, server or entry script found: python main.py' };
}

export function pythonCommands(repo: Repo, project: PythonProject, choice: PythonManagerChoice, framework: PythonFramework | undefined, port: number): Detected[] {
  return [
    { field: 'app.commands.install', value: install(repo, project, choice), file: choice.file, reason: `${choice.manager}${choice.locked ? ', locked' : ''}` },
    test(repo, project, choice, framework),
    start(repo, project, framework, port),
  ];
}
