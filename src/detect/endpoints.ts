/**
 * Health, readiness and metrics endpoints from the routes an app declares in its source. Only
 * where that is cheap and certain: a route is a string literal in a routing call, matched by
 * each language's patterns; an endpoint is "none" only when every source file was read and no
 * route matched. A framework's own endpoints (Actuator, instrumentators) are decided by the
 * providers before this runs.
 */
import type { Detected } from './types.js';
import type { Sources } from './repo.js';
import { NO_ENDPOINT } from '../config/answers.js';

export interface Route {
  path: string;
  file: string;
}

const LIVENESS = ['/healthz', '/livez', '/health/live', '/health/liveness', '/liveness', '/live'];
const READINESS = ['/readyz', '/health/ready', '/health/readiness', '/readiness', '/ready'];
const GENERIC = ['/health', '/healthcheck', '/health-check', '/_health', '/api/health', '/api/healthz', '/status', '/ping'];

/** Every route path the patterns find (each pattern's last group is the path). */
export function findRoutes(sources: Sources, patterns: readonly RegExp[]): Route[] {
  const routes: Route[] = [];
  for (const { path, text } of sources.files) {
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) {
        const raw = m[m.length - 1];
        if (raw === undefined) continue;
        const route = normalise(raw);
        if (route && !routes.some((r) => r.path === route)) routes.push({ path: route, file: path });
      }
    }
  }
  return routes;
}

/** "health/" → "/health/", "^healthz$" (Django re_path) → "/healthz". */
function normalise(raw: string): string | undefined {
  const path = `/${raw.replace(/^\^/, '').replace(/\$$/, '').replace(/^\/+/, '')}`;
  return /^\/[A-Za-z0-9._~/-]*$/.test(path) ? path : undefined;
}

const pick = (routes: readonly Route[], candidates: readonly string[]): Route | undefined => {
  for (const c of candidates) {
    const route = routes.find((r) => r.path === c || r.path === `${c}/`);
    if (route) return route;
  }
  return undefined;
};

/**
 * Liveness and readiness from the routes. One generic health route serves readiness (it may
 * check dependencies, which a liveness probe must not); liveness then has no route of its own.
 */
export function healthFromRoutes(routes: readonly Route[], sources: Sources): Detected[] {
  const live = pick(routes, LIVENESS);
  const ready = pick(routes, READINESS);
  const generic = pick(routes, GENERIC);
  const out: Detected[] = [];
  const route = (field: string, r: Route, why: string): Detected => ({ field, value: r.path, file: r.file, reason: why });
  const readiness = ready ?? (generic && generic !== live ? generic : undefined);
  const liveness = live ?? (ready && generic && generic !== ready ? generic : undefined);
  if (liveness) out.push(route('app.healthPath', liveness, `route ${liveness.path} in the source`));
  if (readiness) out.push(route('app.readinessPath', readiness, ready ? `route ${readiness.path} in the source` : `route ${readiness.path}: the one health route, used for readiness (it may check dependencies)`));
  const none = absent(sources);
  if (!liveness && none) out.push({ ...none, field: 'app.healthPath', reason: `no liveness route (${LIVENESS.slice(0, 3).join(', ')}, …) ${none.reason}` });
  if (!readiness && none) out.push({ ...none, field: 'app.readinessPath', reason: `no readiness or health route (${[...READINESS.slice(0, 2), ...GENERIC.slice(0, 2)].join(', ')}, …) ${none.reason}` });
  return out;
}

/** The metrics endpoint from the routes: a route at /metrics (or /prometheus) wired to the metrics library. */
export function metricsFromRoutes(routes: readonly Route[], sources: Sources, library: string | undefined): Detected[] {
  const route = pick(routes, ['/metrics', '/prometheus', '/api/metrics']);
  if (route) return [{ field: 'app.metricsPath', value: route.path, file: route.file, reason: `route ${route.path} in the source${library ? ` (${library})` : ''}` }];
  const none = absent(sources);
  return none ? [{ ...none, field: 'app.metricsPath', reason: `no metrics route ${none.reason}${library ? `; ${library} is a dependency but no route serves it` : ''}` }] : [];
}

/** "none", when every source file was read and at least one exists. */
function absent(sources: Sources): Detected | undefined {
  if (!sources.complete || !sources.files.length) return undefined;
  const files = sources.files.length;
  return { field: '', value: NO_ENDPOINT, file: sources.files[0]!.path + (files > 1 ? ` (+${files - 1} more)` : ''), reason: `in ${files} source file${files > 1 ? 's' : ''}` };
}
