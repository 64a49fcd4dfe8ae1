/**
 * The Python web framework and the server that runs it, from the dependencies and the source:
 * Django (manage.py names the project), FastAPI, Starlette, Flask, Quart; gunicorn, uvicorn.
 * The application object is found where the code creates it (`app = Flask(__name__)`).
 */
import type { Repo, SourceFile } from '../repo.js';
import { has, type PythonProject } from './project.js';

export type PythonFramework = 'django' | 'fastapi' | 'starlette' | 'flask' | 'quart';

export interface AppObject {
  /** "app:app", "myproject.wsgi", "app:create_app()". */
  target: string;
  file: string;
}

export const PYTHON_SOURCES = ['.py'];

export function pythonFramework(repo: Repo, project: PythonProject): PythonFramework | undefined {
  if (has(project, 'django') && repo.read('manage.py', 1) !== undefined) return 'django';
  return (['fastapi', 'starlette', 'flask', 'quart'] as const).find((f) => has(project, f)) ?? (has(project, 'django') ? 'django' : undefined);
}

/** The Django project package, from manage.py's DJANGO_SETTINGS_MODULE ("mysite.settings" → "mysite"). */
export function djangoProject(repo: Repo): string | undefined {
  return /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([A-Za-z_][\w]*)(?:\.[\w.]+)?['"]/.exec(repo.read('manage.py') ?? '')?.[1];
}

const moduleOf = (path: string): string => path.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');

/** Where the code creates its application: `app = FastAPI()` in main.py → "main:app". */
export function appObject(files: readonly SourceFile[], framework: PythonFramework): AppObject | undefined {
  const constructor = { fastapi: 'FastAPI', starlette: 'Starlette', flask: 'Flask', quart: 'Quart', django: '' }[framework];
  if (!constructor) return undefined;
  // Files at the top first: app.py, main.py, wsgi.py over a nested module; tests never.
  const candidates = files.filter((f) => !/(^|\/)tests?(\/|_)|_test\.py$|(^|\/)conftest\.py$/.test(f.path) && f.path.split('/').length <= 3);
  for (const f of candidates) {
    const m = new RegExp(`^([A-Za-z_]\\w*)\\s*(?::\\s*\\w+\\s*)?=\\s*${constructor}\\(`, 'm').exec(f.text);
    if (m) return { target: `${moduleOf(f.path)}:${m[1]}`, file: f.path };
  }
  for (const f of candidates) {
    const factory = /^def\s+(create_app|make_app)\s*\(/m.exec(f.text);
    if (factory && f.text.includes(`${constructor}(`)) return { target: `${moduleOf(f.path)}:${factory[1]}()`, file: f.path };
  }
  return undefined;
}
