/**
 * pip, Poetry, uv, PDM or Pipenv: a lockfile decides first (uv.lock, poetry.lock, pdm.lock,
 * Pipfile.lock), then the tool's own table in pyproject.toml or its file, then requirements
 * files (pip), then a bare pyproject.toml (pip installs the project itself).
 */
import type { Repo } from '../repo.js';
import type { PythonProject } from './project.js';

export type PythonManager = 'pip' | 'poetry' | 'uv' | 'pdm' | 'pipenv';

export interface PythonManagerChoice {
  manager: PythonManager;
  locked: boolean;
  file: string;
  reason: string;
}

export function pythonPackageManager(repo: Repo, project: PythonProject): PythonManagerChoice {
  const locks: [string, PythonManager][] = [
    ['uv.lock', 'uv'],
    ['poetry.lock', 'poetry'],
    ['pdm.lock', 'pdm'],
    ['Pipfile.lock', 'pipenv'],
  ];
  for (const [file, manager] of locks) if (repo.read(file, 1) !== undefined) return { manager, locked: true, file, reason: `lockfile ${file}` };
  const table = (name: string): boolean => [...(project.pyproject?.keys() ?? [])].some((k) => k === name || k.startsWith(`${name}.`));
  if (table('tool.poetry')) return { manager: 'poetry', locked: false, file: 'pyproject.toml', reason: '[tool.poetry] (no poetry.lock)' };
  if (table('tool.pdm')) return { manager: 'pdm', locked: false, file: 'pyproject.toml', reason: '[tool.pdm] (no pdm.lock)' };
  if (table('tool.uv')) return { manager: 'uv', locked: false, file: 'pyproject.toml', reason: '[tool.uv] (no uv.lock)' };
  if (project.pipfile) return { manager: 'pipenv', locked: false, file: 'Pipfile', reason: 'Pipfile (no Pipfile.lock)' };
  if (project.requirements.length) return { manager: 'pip', locked: true, file: project.requirements[0]!, reason: `requirements files: ${project.requirements.join(', ')}` };
  return { manager: 'pip', locked: false, file: 'pyproject.toml', reason: 'pyproject.toml without a lockfile or requirements file: pip installs the project' };
}
