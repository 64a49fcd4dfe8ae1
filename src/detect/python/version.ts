/**
 * The Python version, for CI and the image alike: .python-version, .tool-versions, runtime.txt
 * (exact pins), else the range in requires-python, Poetry's python dependency or Pipfile's
 * python_version (the default when it allows it).
 */
import { DEFAULT_RUNTIME_VERSION } from '../../config/defaults.js';
import type { Repo } from '../repo.js';
import { tomlString } from '../toml.js';
import { toolVersion, versionFile } from '../tool-versions.js';
import type { Detected } from '../types.js';
import { exactVersion, versionInRange } from '../versions.js';
import type { PythonProject } from './project.js';


export function pythonVersion(repo: Repo, project: PythonProject): Detected[] {
  const field = 'app.runtimeVersion';
  const pinned = versionFile(repo, ['.python-version']) ?? toolVersion(repo, ['python']);
  if (pinned) return [{ field, value: pinned.version, file: pinned.file, reason: `pinned to ${pinned.version}` }];
  const runtime = exactVersion(repo.read('runtime.txt', 256));
  if (runtime) return [{ field, value: runtime, file: 'runtime.txt', reason: `runtime.txt: ${runtime}` }];
  const ranges: [string | undefined, string, string][] = [
    [tomlString(project.pyproject?.get('project')?.['requires-python']), 'pyproject.toml', 'requires-python'],
    [tomlString(project.pyproject?.get('tool.poetry.dependencies')?.['python']), 'pyproject.toml', '[tool.poetry.dependencies] python'],
    [tomlString(project.pipfile?.get('requires')?.['python_version']), 'Pipfile', '[requires] python_version'],
  ];
  for (const [range, file, key] of ranges) {
    if (!range) continue;
    const chosen = versionInRange(range, DEFAULT_RUNTIME_VERSION.python, 2);
    if (!chosen) continue;
    const value = chosen.version;
    const reason = chosen.allowsDefault ? `${key} "${range}" allows ${value}` : `the highest version ${key} "${range}" allows`;
    return [{ field, value, file, reason }];
  }
  return [];
}
