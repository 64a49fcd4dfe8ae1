/**
 * A Python project's metadata and dependencies, from pyproject.toml ([project], Poetry, PDM,
 * uv, PEP 735 groups), requirements*.txt and Pipfile. Names are normalised (PEP 503: lower
 * case, runs of "-", "_", "." as "-") so "Flask_SQLAlchemy" and "flask-sqlalchemy" are one.
 */
import type { Repo } from '../repo.js';
import { readToml, tomlString, tomlStrings, type TomlTables, type TomlValue } from '../toml.js';

export interface PythonProject {
  pyproject?: TomlTables;
  /** Normalised dependency name → the file that declares it (runtime and test/dev alike). */
  dependencies: Map<string, string>;
  /** The dependencies the running app needs (not dev/test groups). */
  runtime: Set<string>;
  requirements: string[];
  pipfile?: TomlTables;
}

export const normalise = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** "Django>=4.2,<5 ; python_version>'3'" → "django". */
const requirementName = (spec: string): string | undefined => {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec);
  return m ? normalise(m[1]!) : undefined;
};

const REQUIREMENT_FILES = ['requirements.txt', 'requirements-dev.txt', 'requirements_dev.txt', 'dev-requirements.txt', 'requirements-test.txt', 'test-requirements.txt', 'requirements.in'];

export function requirementFiles(repo: Repo): string[] {
  const nested = repo.list('requirements').filter((f) => f.endsWith('.txt')).map((f) => `requirements/${f}`);
  return [...REQUIREMENT_FILES, ...nested].filter((f) => repo.read(f, 1) !== undefined);
}

const isRuntimeRequirements = (file: string): boolean => !/dev|test|lint|doc/i.test(file);

function readRequirements(repo: Repo, file: string, into: PythonProject, depth = 0): void {
  const text = repo.read(file);
  if (text === undefined) return;
  for (const raw of text.split('\n').slice(0, 2000)) {
    const line = raw.replace(/#.*/, '').trim();
    const include = /^-r\s+(\S+)|^--requirement[= ](\S+)/.exec(line);
    if (include && depth < 2) {
      const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
      readRequirements(repo, `${base}${include[1] ?? include[2]}`, into, depth + 1);
      continue;
    }
    if (!line || line.startsWith('-')) continue;
    const name = requirementName(line);
    if (!name) continue;
    if (!into.dependencies.has(name)) into.dependencies.set(name, file);
    if (isRuntimeRequirements(file)) into.runtime.add(name);
  }
}

const keys = (value: Record<string, TomlValue> | undefined): string[] => Object.keys(value ?? {}).filter((k) => k !== 'python');

export function readPythonProject(repo: Repo): PythonProject {
  const project: PythonProject = { dependencies: new Map(), runtime: new Set(), requirements: requirementFiles(repo) };
  const add = (names: Iterable<string | undefined>, file: string, runtime: boolean): void => {
    for (const name of names) {
      if (!name) continue;
      if (!project.dependencies.has(name)) project.dependencies.set(name, file);
      if (runtime) project.runtime.add(name);
    }
  };
  const pyprojectText = repo.read('pyproject.toml');
  if (pyprojectText !== undefined) {
    const t = readToml(pyprojectText);
    project.pyproject = t;
    const file = 'pyproject.toml';
    add(tomlStrings(t.get('project')?.['dependencies']).map(requirementName), file, true);
    for (const [, specs] of Object.entries(t.get('project.optional-dependencies') ?? {})) add(tomlStrings(specs).map(requirementName), file, false);
    for (const [, specs] of Object.entries(t.get('dependency-groups') ?? {})) add(tomlStrings(specs).map(requirementName), file, false);
    add(tomlStrings(t.get('tool.uv')?.['dev-dependencies']).map(requirementName), file, false);
    add(keys(t.get('tool.poetry.dependencies')).map(normalise), file, true);
    add(keys(t.get('tool.poetry.dev-dependencies')).map(normalise), file, false);
    for (const [name, table] of t) if (/^tool\.poetry\.group\.[^.]+\.dependencies$/.test(name)) add(keys(table).map(normalise), file, false);
    for (const [, specs] of Object.entries(t.get('tool.pdm.dev-dependencies') ?? {})) add(tomlStrings(specs).map(requirementName), file, false);
  }
  for (const file of project.requirements) readRequirements(repo, file, project);
  const pipfileText = repo.read('Pipfile');
  if (pipfileText !== undefined) {
    const t = readToml(pipfileText);
    project.pipfile = t;
    add(keys(t.get('packages')).map(normalise), 'Pipfile', true);
    add(keys(t.get('dev-packages')).map(normalise), 'Pipfile', false);
  }
  return project;
}

export function projectName(project: PythonProject): string | undefined {
  return tomlString(project.pyproject?.get('project')?.['name']) ?? tomlString(project.pyproject?.get('tool.poetry')?.['name']);
}

export const has = (project: PythonProject, name: string): boolean => project.dependencies.has(name);
