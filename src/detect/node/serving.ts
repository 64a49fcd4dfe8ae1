/**
 * What a Node service serves: its port, its health and readiness routes and its metrics
 * endpoint, from the framework, the metrics library and the routes in its source.
 */
import { findRoutes, healthFromRoutes, metricsFromRoutes, type Route } from '../endpoints.js';
import { lookup, METRICS_DEPENDENCIES } from '../knowledge.js';
import { portDecision, portInEnvExample, portInSources } from '../port.js';
import type { Repo } from '../repo.js';
import type { Detected } from '../types.js';
import { nestRoutes, NODE_ROUTES, type NodeFramework } from './frameworks.js';
import type { PackageJson } from './package-json.js';

export const NODE_SOURCES = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

const PORT_PATTERNS: readonly RegExp[] = [
  /process\.env\.PORT\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})\b/,
  /(?:parseInt|Number)\(\s*process\.env\.PORT[^)]*\)\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})\b/,
  /\b(?:const|let|var)\s+port\s*=\s*(?:[^;\n]*?(?:\|\||\?\?)\s*)?['"]?(\d{2,5})\b/i,
  /\.listen\(\s*(\d{2,5})\b/,
  /\blisten\(\s*\{[^}]*\bport\s*:\s*(\d{2,5})\b/,
];

export function nodePort(repo: Repo, framework: NodeFramework | undefined): Detected[] {
  const sources = repo.sources(NODE_SOURCES);
  const found = [...portInSources(sources, PORT_PATTERNS, 'in the code'), ...portInEnvExample(repo)];
  if (framework?.port) found.push(portDecision(framework.port, 'package.json', `${framework.id}'s default port`));
  return found;
}

/** Default metrics routes of the libraries that mount their own. */
const MOUNTED: Record<string, { option: RegExp; path: string }> = {
  'express-prom-bundle': { option: /metricsPath\s*:\s*['"`](\/[^'"`]+)['"`]/, path: '/metrics' },
  '@willsoto/nestjs-prometheus': { option: /PrometheusModule\.register\([^)]*path\s*:\s*['"`](\/[^'"`]+)['"`]/, path: '/metrics' },
  'fastify-metrics': { option: /endpoint\s*:\s*['"`](\/[^'"`]+)['"`]/, path: '/metrics' },
};

export function nodeEndpoints(repo: Repo, pkg: PackageJson): Detected[] {
  const sources = repo.sources(NODE_SOURCES);
  const routes: Route[] = findRoutes(sources, NODE_ROUTES);
  for (const { path, text } of sources.files) for (const route of nestRoutes(text)) if (!routes.some((r) => r.path === route)) routes.push({ path: route, file: path });
  const out = healthFromRoutes(routes, sources);
  const [library] = lookup(METRICS_DEPENDENCIES, 'node', pkg.runtime);
  if (library) out.push({ field: 'app.metricsLibrary', value: library.value, file: 'package.json', reason: `dependency ${library.dependency}` });
  const mounted = library && MOUNTED[library.dependency];
  if (mounted) {
    const custom = sources.files.map((f) => ({ f, m: mounted.option.exec(f.text) })).find((x) => x.m);
    out.push(
      custom
        ? { field: 'app.metricsPath', value: custom.m![1], file: custom.f.path, reason: `${library.dependency} serves its metrics there` }
        : { field: 'app.metricsPath', value: mounted.path, file: 'package.json', reason: `${library.dependency} serves ${mounted.path} by default` },
    );
  } else out.push(...metricsFromRoutes(routes, sources, library?.dependency));
  return out;
}
