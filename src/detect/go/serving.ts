/**
 * What a Go service serves: its port (a PORT default or an address literal in the code, the
 * framework's default), its health and readiness routes, its metrics endpoint (promhttp).
 */
import { findRoutes, healthFromRoutes, metricsFromRoutes } from '../endpoints.js';
import { portDecision, portInEnvExample, portInSources } from '../port.js';
import type { Repo } from '../repo.js';
import type { Detected } from '../types.js';

export const GO_SOURCES = ['.go'];

const FRAMEWORKS: readonly [string, string, number | undefined][] = [
  ['gin', 'github.com/gin-gonic/gin', 8080],
  ['chi', 'github.com/go-chi/chi', undefined],
  ['echo', 'github.com/labstack/echo', undefined],
  ['fiber', 'github.com/gofiber/fiber', 3000],
  ['gorilla', 'github.com/gorilla/mux', undefined],
];

export function goFramework(requires: readonly string[]): { id: string; module: string; port?: number } | undefined {
  for (const [id, module, port] of FRAMEWORKS) {
    const found = requires.find((r) => r === module || r.startsWith(`${module}/`));
    if (found) return { id, module: found, ...(port ? { port } : {}) };
  }
  return undefined;
}

const PORT_PATTERNS: readonly RegExp[] = [
  // port := os.Getenv("PORT"); if port == "" { port = "8080" }
  /Getenv\(\s*"PORT"\s*\)[\s\S]{0,200}?=\s*"(\d{2,5})"/,
  /(?:ListenAndServe(?:TLS)?|\.Run|\.Listen|\.Start)\(\s*"[^"]*:(\d{2,5})"/,
  /\bAddr\s*:\s*"[^"]*:(\d{2,5})"/,
  /\b(?:port|addr|listenAddr)\s*(?::=|=)\s*"[^"]*?:?(\d{2,5})"/i,
];

export function goPort(repo: Repo, framework: ReturnType<typeof goFramework>): Detected[] {
  const found = [...portInSources(repo.sources(GO_SOURCES), PORT_PATTERNS, 'in the code'), ...portInEnvExample(repo)];
  if (framework?.port) found.push(portDecision(framework.port, 'go.mod', `${framework.id}'s default port`));
  return found;
}

/** http.HandleFunc("/x"), mux.Handle("/x"), r.Get("/x") (chi), r.GET("/x") (gin, echo), app.Get (fiber). */
const ROUTES: readonly RegExp[] = [/\.(?:HandleFunc|Handle|Get|GET|Head|HEAD|Any|Method|Route|Mount)\(\s*(?:"[A-Z]+",\s*)?"(?:GET\s+)?(\/[^"\s]*)"/g];

export function goEndpoints(repo: Repo, promhttp: string | undefined): Detected[] {
  const sources = repo.sources(GO_SOURCES);
  const app = { files: sources.files.filter((f) => !f.path.endsWith('_test.go')), complete: sources.complete };
  const routes = findRoutes(app, ROUTES);
  const out = healthFromRoutes(routes, app);
  if (promhttp) out.push({ field: 'app.metricsLibrary', value: 'promhttp', file: 'go.mod', reason: `module ${promhttp}` });
  // The metrics route is the one wired to promhttp.Handler(), whatever its path.
  const wired = app.files.map((f) => ({ f, m: /"(\/[^"\s]*)"\s*,\s*(?:gin\.WrapH\()?promhttp\.Handler(?:For)?\(/.exec(f.text) })).find((x) => x.m);
  if (wired) out.push({ field: 'app.metricsPath', value: wired.m![1], file: wired.f.path, reason: 'route to promhttp.Handler()' });
  else out.push(...metricsFromRoutes(routes, app, promhttp ? 'client_golang' : undefined));
  return out;
}
