/**
 * The Python provider: pyproject.toml, requirements*.txt, Pipfile or setup.py make a Python
 * service; package manager, runtime version, framework, commands, port, endpoints, settings,
 * backing services and native needs are decided by their own modules, each with its file.
 */
import { lookup, NATIVE_DEPENDENCIES, SERVICE_DEPENDENCIES } from '../knowledge.js';
import { toDnsLabel, type Repo } from '../repo.js';
import { looksSecret, requiredIn, settingsFrom } from '../settings.js';
import type { Detected, Provider } from '../types.js';
import { dockerfileFacts } from '../repository/containers.js';
import { pythonCommands } from './commands.js';
import { PYTHON_SOURCES, pythonFramework } from './frameworks.js';
import { pythonPackageManager } from './package-manager.js';
import { projectName, readPythonProject, requirementFiles } from './project.js';
import { pythonEndpoints, pythonPort } from './serving.js';
import { pythonVersion } from './version.js';

const MANIFESTS = ['pyproject.toml', 'Pipfile', 'setup.py', 'setup.cfg'];

/** os.environ["X"] and django-environ's env("X") have no default: the app needs them. */
const REQUIRED_ENV = [/os\.environ\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g, /\benv(?:\.str|\.int|\.bool)?\(\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\)/g];
/** os.getenv("X") / os.environ.get("X") without a default: listed when the name looks secret. */
const OPTIONAL_ENV = [/os\.(?:getenv|environ\.get)\(\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\)/g];

const DJANGO_ENGINES: [RegExp, 'postgres' | 'mysql'][] = [
  [/django\.db\.backends\.postgresql|django\.contrib\.gis\.db\.backends\.postgis/, 'postgres'],
  [/django\.db\.backends\.mysql/, 'mysql'],
];

export const pythonProvider: Provider = {
  stack: 'python',
  detect: (repo) => [...MANIFESTS, ...requirementFiles(repo)].find((f) => repo.read(f, 1) !== undefined),
  plan(repo: Repo): Detected[] {
    const manifest = this.detect(repo)!;
    const project = readPythonProject(repo);
    const out: Detected[] = [{ field: 'stack', value: 'python', file: manifest, reason: manifest }];
    const name = projectName(project);
    const label = name && toDnsLabel(name);
    if (label) out.push({ field: 'name', value: label, file: 'pyproject.toml', reason: `name ${name}` });
    const choice = pythonPackageManager(repo, project);
    out.push({ field: 'app.packageManager', value: choice.manager, file: choice.file, reason: choice.reason });
    const framework = pythonFramework(repo, project);
    if (framework) out.push({ field: 'framework', value: framework, file: project.dependencies.get(framework) ?? manifest, reason: `dependency ${framework}` });
    const ports = pythonPort(repo, project, framework);
    // The start command binds the port the app is reached on: an existing image's EXPOSE first.
    const exposed = dockerfileFacts(repo).find((d) => d.field === 'app.port' && !d.ignored);
    const port = ((exposed ?? ports.find((p) => !p.ignored))?.value as number | undefined) ?? 8080;
    out.push(...pythonVersion(repo, project), ...pythonCommands(repo, project, choice, framework, port), ...ports, ...pythonEndpoints(repo, project, framework));
    const runtime = [...project.runtime];
    for (const { value, dependency } of lookup(SERVICE_DEPENDENCIES, 'python', runtime)) out.push({ field: 'backingServices', value: [value], file: project.dependencies.get(dependency)!, reason: `dependency ${dependency}` });
    const sources = repo.sources(PYTHON_SOURCES).files;
    for (const [pattern, service] of DJANGO_ENGINES) {
      const settings = sources.find((f) => pattern.test(f.text));
      if (settings) out.push({ field: 'backingServices', value: [service], file: settings.path, reason: 'Django DATABASES engine' });
    }
    for (const { value, dependency } of lookup(NATIVE_DEPENDENCIES, 'python', runtime)) out.push({ field: 'app.native', value, file: project.dependencies.get(dependency)!, reason: `dependency ${dependency} (built from source)` });
    const appSources = sources.filter((f) => !/(^|\/)tests?\//.test(f.path));
    out.push(...settingsFrom(requiredIn(appSources, REQUIRED_ENV), 'read from the environment without a default'));
    out.push(...settingsFrom(requiredIn(appSources, OPTIONAL_ENV).filter((s) => looksSecret(s.name)), 'a secret read from the environment'));
    return out;
  },
};
