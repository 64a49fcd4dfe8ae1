/**
 * The web framework a Node service uses, from its dependencies: what it serves by default
 * (port) and how it declares routes. One table, one entry per framework.
 */
import type { PackageJson } from './package-json.js';

export interface NodeFramework {
  id: string;
  dependency: string;
  /** The port it listens on when the code does not say. */
  port?: number;
}

const FRAMEWORKS: readonly NodeFramework[] = [
  { id: 'next', dependency: 'next', port: 3000 },
  { id: 'nuxt', dependency: 'nuxt', port: 3000 },
  { id: 'remix', dependency: '@remix-run/serve', port: 3000 },
  { id: 'nestjs', dependency: '@nestjs/core', port: 3000 },
  { id: 'fastify', dependency: 'fastify' },
  { id: 'hapi', dependency: '@hapi/hapi' },
  { id: 'koa', dependency: 'koa' },
  { id: 'hono', dependency: 'hono' },
  { id: 'express', dependency: 'express' },
];

export function nodeFramework(pkg: PackageJson): NodeFramework | undefined {
  return FRAMEWORKS.find((f) => pkg.runtime.includes(f.dependency));
}

/** Route declarations: app.get('/health', …), router.all("/x"), fastify.get(`/y`), server.route({ path: '/z' }). */
export const NODE_ROUTES: readonly RegExp[] = [
  /\b(?:app|router|server|fastify|api|routes?|r|instance|hono)\s*\.\s*(?:get|all|head|use)\(\s*['"`](\/[^'"`\s]*)['"`]/g,
  /\bpath\s*:\s*['"`](\/[^'"`\s]*)['"`]/g,
  // @godaddy/terminus: healthChecks: { '/healthcheck': check }
  /healthChecks\s*:\s*\{\s*['"`](\/[^'"`\s]*)['"`]/g,
];

/** NestJS: @Controller('health') with @Get() or @Get('live') → /health, /health/live. */
export function nestRoutes(text: string): string[] {
  const routes: string[] = [];
  const controller = /@Controller\(\s*(?:['"`]([^'"`]*)['"`])?\s*\)/.exec(text);
  if (!controller) return routes;
  const prefix = (controller[1] ?? '').replace(/^\/|\/$/g, '');
  for (const m of text.matchAll(/@Get\(\s*(?:['"`]([^'"`]*)['"`])?\s*\)/g)) {
    const path = [prefix, (m[1] ?? '').replace(/^\/|\/$/g, '')].filter(Boolean).join('/');
    routes.push(`/${path}`);
  }
  return routes;
}
