/**
 * What a Python service serves: its port (Procfile, gunicorn config, code, .env.example, else
 * the server's default), its health and readiness routes and its metrics endpoint (the
 * instrumentation library's own, or a route in the source).
 */
import { findRoutes, healthFromRoutes, metricsFromRoutes, type Route } from '../endpoints.js';
import { lookup, METRICS_DEPENDENCIES } from '../knowledge.js';
import { portDecision, portInEnvExample, portInSources } from '../port.js';
import type { Repo, Sources } from '../repo.js';
import type { Detected } from '../types.js';
import { djangoProject, PYTHON_SOURCES, type PythonFramework } from './frameworks.js';
import { has, type PythonProject } from './project.js';

const PORT_PATTERNS: readonly RegExp[] = [
  /os\.(?:environ\.get|getenv)\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})\b/,
  /\.run\([^)]*\bport\s*=\s*(\d{2,5})\b/,
  /\bbind\s*=\s*\[?\s*['"][^'"]*:(\d{2,5})['"]/,
];

export function pythonPort(repo: Repo, project: PythonProject, framework: PythonFramework | undefined): Detected[] {
  const found: Detected[] = [];
  const web = /^web:\s*(.+)$/m.exec(repo.read('Procfile') ?? '')?.[1];
  const procfilePort = web && /(?:--bind|-b)[= ]\S*:(\d{2,5})\b|--port[= ](\d{2,5})\b/.exec(web);
  if (procfilePort) found.push(portDecision(Number(procfilePort[1] ?? procfilePort[2]), 'Procfile', `web: ${web}`));
  const config = ['gunicorn.conf.py', 'gunicorn_config.py', 'gunicorn.py'].filter((f) => repo.read(f, 1) !== undefined).map((path) => ({ path, text: repo.read(path)! }));
  found.push(...portInSources({ files: config, complete: true }, PORT_PATTERNS.slice(2), 'gunicorn bind'));
  found.push(...portInSources(repo.sources(PYTHON_SOURCES), PORT_PATTERNS, 'in the code'), ...portInEnvExample(repo));
  const server = has(project, 'gunicorn') ? ['gunicorn', 8000] : has(project, 'uvicorn') ? ['uvicorn', 8000] : framework === 'django' ? ['Django', 8000] : framework === 'flask' ? ['Flask', 5000] : undefined;
  if (server) found.push(portDecision(server[1] as number, project.dependencies.get(String(server[0]).toLowerCase()) ?? 'manage.py', `${server[0]}'s default port`));
  return found;
}

/** Flask, FastAPI, Quart, Starlette routes; Django's root URLconf (only that: included ones have prefixes). */
const ROUTES: readonly RegExp[] = [
  /@\w+\.(?:route|get|head|api_route)\(\s*['"](\/[^'"]*)['"]/g,
  /\.add_(?:url_rule|api_route|route)\(\s*['"](\/[^'"]*)['"]/g,
  /\bRoute\(\s*['"](\/[^'"]*)['"]/g,
  /\.mount\(\s*['"](\/[^'"]*)['"]\s*,\s*make_(?:asgi|wsgi)_app/g,
  /['"](\/[^'"]+)['"]\s*:\s*make_wsgi_app\(/g,
];
const DJANGO_ROUTES: readonly RegExp[] = [/\b(?:re_)?path\(\s*r?['"]\^?([^'"]*)['"]/g];

function routeSources(repo: Repo, framework: PythonFramework | undefined): { sources: Sources; routes: Route[] } {
  const sources = repo.sources(PYTHON_SOURCES);
  const routes = findRoutes(sources, ROUTES);
  const project = framework === 'django' ? djangoProject(repo) : undefined;
  const urls = project && repo.read(`${project}/urls.py`);
  if (urls) routes.push(...findRoutes({ files: [{ path: `${project}/urls.py`, text: urls }], complete: true }, DJANGO_ROUTES).filter((r) => !routes.some((o) => o.path === r.path)));
  return { sources, routes };
}

export function pythonEndpoints(repo: Repo, project: PythonProject, framework: PythonFramework | undefined): Detected[] {
  const { sources, routes } = routeSources(repo, framework);
  const urlsFile = `${djangoProject(repo) ?? ''}/urls.py`;
  const urls = framework === 'django' ? (repo.read(urlsFile) ?? '') : '';
  const out: Detected[] = [];
  // django-health-check: its URLs check the database, cache and storage: a readiness endpoint.
  const healthCheck = /path\(\s*r?['"]\^?([^'"]*)['"]\s*,\s*include\(\s*['"]health_check\.urls['"]/.exec(urls);
  if (healthCheck && has(project, 'django-health-check')) routes.push({ path: `/${healthCheck[1]}`.replace(/\/+$/, '/'), file: urlsFile });
  out.push(...healthFromRoutes(routes, sources));
  if (healthCheck && has(project, 'django-health-check') && !out.some((d) => d.field === 'app.readinessPath' && d.value !== 'none')) {
    const i = out.findIndex((d) => d.field === 'app.readinessPath');
    const decision: Detected = { field: 'app.readinessPath', value: `/${healthCheck[1]}`, file: urlsFile, reason: 'django-health-check (checks the database, cache and storage)' };
    if (i >= 0) out[i] = decision;
    else out.push(decision);
  }
  out.push(...pythonMetrics(project, sources, routes, urls, urlsFile));
  return out;
}

function pythonMetrics(project: PythonProject, sources: Sources, routes: Route[], urls: string, urlsFile: string): Detected[] {
  const [library] = lookup(METRICS_DEPENDENCIES, 'python', [...project.runtime]);
  if (!library) return metricsFromRoutes(routes, sources, undefined);
  const out: Detected[] = [{ field: 'app.metricsLibrary', value: library.value, file: project.dependencies.get(library.dependency)!, reason: `dependency ${library.dependency}` }];
  const inCode = (pattern: RegExp): { path: string; m: RegExpExecArray } | undefined => {
    for (const f of sources.files) {
      const m = pattern.exec(f.text);
      if (m) return { path: f.path, m };
    }
    return undefined;
  };
  const metrics = (value: string, file: string, reason: string): Detected => ({ field: 'app.metricsPath', value, file, reason });
  switch (library.value) {
    case 'prometheus-fastapi-instrumentator': {
      const exposed = inCode(/\.expose\(\s*\w+(?:[^)]*endpoint\s*=\s*['"](\/[^'"]*)['"])?/);
      return [...out, exposed ? metrics(exposed.m[1] ?? '/metrics', exposed.path, 'Instrumentator().expose(app)') : metrics('none', project.dependencies.get(library.dependency)!, 'the instrumentator is a dependency, but nothing calls .expose(app)')];
    }
    case 'django-prometheus': {
      const mounted = /path\(\s*r?['"]\^?([^'"]*)['"]\s*,\s*include\(\s*['"]django_prometheus\.urls['"]/.exec(urls);
      return [...out, mounted ? metrics(`/${mounted[1]}metrics`.replace(/\/+/g, '/'), urlsFile, "django_prometheus.urls in the root URLconf") : metrics('none', urlsFile, 'django-prometheus is a dependency, but the root URLconf does not include django_prometheus.urls')];
    }
    case 'prometheus-flask-exporter': {
      const exporter = inCode(/PrometheusMetrics(?:\.for_app_factory)?\(([^)]*)\)/);
      const path = exporter && /path\s*=\s*['"](\/[^'"]*)['"]/.exec(exporter.m[1] ?? '')?.[1];
      return [...out, exporter ? metrics(path ?? '/metrics', exporter.path, 'PrometheusMetrics(app)') : metrics('none', project.dependencies.get(library.dependency)!, 'prometheus-flask-exporter is a dependency, but PrometheusMetrics is never created')];
    }
    default: {
      const separate = inCode(/start_http_server\(\s*(\d+)?/);
      const routed = metricsFromRoutes(routes, sources, library.dependency);
      if (routed.some((d) => d.value !== 'none') || !separate) return [...out, ...routed];
      return [...out, metrics('none', separate.path, `prometheus_client serves metrics on a port of their own (start_http_server(${separate.m[1] ?? ''})), not on the app's port`)];
    }
  }
}
