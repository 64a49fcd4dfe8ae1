/**
 * The settings an app reads from its environment: every entry of .env.example (the author's
 * own list, with its comments), and the variables its config files and code require (read
 * without a default). Each is marked secret when its name says so (a password, key, token,
 * or a connection URL that carries credentials): secrets go to the workload by reference only.
 */
import type { AppSetting } from '../config/answers.js';
import type { Repo, SourceFile } from './repo.js';
import type { Detected } from './types.js';
import { isLocalAddress } from '../config/local-address.js';

export const ENV_EXAMPLES = ['.env.example', '.env.sample', '.env.template', '.env.dist', 'example.env', '.env.defaults'];

/** Set by the platform or the generated workload itself, never the user's to provide. */
const PROVIDED = new Set(['PORT', 'NODE_ENV', 'HOST', 'HOSTNAME', 'PATH', 'HOME', 'PWD', 'USER', 'TZ', 'CI', 'LANG', 'PYTHONUNBUFFERED', 'PYTHONDONTWRITEBYTECODE']);

const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|_KEY$|^KEY$|_DSN$|^DSN$|AUTH)/i;
const CONNECTION_URL = /^(DATABASE|DB|POSTGRES(QL)?|PG|MYSQL|MARIADB|MONGO(DB)?|REDIS|CACHE|AMQP|RABBIT(MQ)?|BROKER|CELERY_BROKER|KAFKA|ELASTIC(SEARCH)?|OPENSEARCH|SENTRY)_?(URL|URI|DSN|CONNECTION(_STRING)?)$/i;

export function looksSecret(name: string, value = ''): boolean {
  return SECRET_NAME.test(name) || CONNECTION_URL.test(name) || /:\/\/[^/\s:@]+:[^/\s@]+@/.test(value);
}

/** KEY=value lines, each with the comment above or beside it as its description. */
export function parseEnvExample(text: string): AppSetting[] {
  const settings: AppSetting[] = [];
  let comment: string | undefined;
  for (const raw of text.split(/\r?\n/).slice(0, 500)) {
    const line = raw.trim();
    if (!line) {
      comment = undefined;
      continue;
    }
    if (line.startsWith('#')) {
      comment = line.replace(/^#+\s*/, '').slice(0, 200) || undefined;
      continue;
    }
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, name, rest] = m as unknown as [string, string, string];
    const inline = /\s#\s*(.*)$/.exec(rest)?.[1];
    const value = rest.replace(/\s#.*$/, '').replace(/^["']|["']$/g, '');
    const description = clean(inline ?? comment);
    const secret = looksSecret(name, value);
    // A local address (REDIS_HOST=localhost) is kept as what it stands for: generation maps it, never ships it.
    const local = !secret && isLocalAddress(value) ? clean(value) : undefined;
    if (!PROVIDED.has(name) && !settings.some((s) => s.name === name)) settings.push({ name, secret, ...(description ? { description } : {}), ...(local ? { local } : {}) });
    comment = undefined;
  }
  return settings;
}

/** One line of plain text: the schema's bound for a description. */
function clean(text: string | undefined): string | undefined {
  const line = text?.replace(/[\u0000-\u001f]/g, ' ').trim().slice(0, 200);
  return line || undefined;
}

/** Variables a source file requires: patterns whose first group is the name. */
export function requiredIn(files: readonly SourceFile[], patterns: readonly RegExp[]): { name: string; file: string }[] {
  const found: { name: string; file: string }[] = [];
  for (const { path, text } of files) {
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) {
        const name = m[1]!;
        if (!PROVIDED.has(name) && !found.some((f) => f.name === name)) found.push({ name, file: path });
      }
    }
  }
  return found;
}

/** The .env.example settings, as one decision. */
export function envExampleSettings(repo: Repo): Detected[] {
  const file = repo.first(ENV_EXAMPLES);
  const settings = file ? parseEnvExample(repo.read(file)!) : [];
  return file && settings.length ? [{ field: 'app.settings', value: settings, file, reason: `${settings.length} variable${settings.length > 1 ? 's' : ''}, ${settings.filter((s) => s.secret).length} secret` }] : [];
}

/** Settings read from code or config files, as one decision per file. */
export function settingsFrom(found: readonly { name: string; file: string }[], why: string): Detected[] {
  const byFile = new Map<string, AppSetting[]>();
  for (const { name, file } of found) byFile.set(file, [...(byFile.get(file) ?? []), { name, secret: looksSecret(name) }]);
  return [...byFile].map(([file, value]) => ({ field: 'app.settings', value, file, reason: why }));
}

/**
 * Settings read with a default that is a local address (os.getenv("REDIS_HOST", "localhost"),
 * process.env.DB_HOST || '127.0.0.1', getEnv("AUTH_URL", "http://localhost:9000")): each would
 * silently point at the pod itself in the cluster, so each is listed with that default.
 */
const LOCAL_DEFAULTS = [
  /\b(?:os\.getenv|os\.environ\.get|[gG]et_?[eE]nv\w*|env\w*|[eE]nv[A-Z]\w*|[lL]ookup[eE]nv\w*)\(\s*['"]([A-Z][A-Z0-9_]*)['"]\s*,\s*(?:default\s*=\s*)?['"`]([^'"`\n]{1,200})['"`]/g,
  /process\.env\.([A-Z][A-Z0-9_]*)\s*(?:\|\||\?\?)\s*['"`]([^'"`\n]{1,200})['"`]/g,
  /process\.env\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]\s*(?:\|\||\?\?)\s*['"`]([^'"`\n]{1,200})['"`]/g,
];

export function localDefaultSettings(files: readonly SourceFile[]): Detected[] {
  const byFile = new Map<string, AppSetting[]>();
  for (const { path, text } of files) {
    for (const pattern of LOCAL_DEFAULTS) {
      for (const m of text.matchAll(pattern)) {
        const [, name, value] = m as unknown as [string, string, string];
        if (PROVIDED.has(name) || looksSecret(name, value) || !isLocalAddress(value)) continue;
        const list = byFile.get(path) ?? [];
        if (!list.some((s) => s.name === name)) list.push({ name, secret: false, local: clean(value)! });
        byFile.set(path, list);
      }
    }
  }
  return [...byFile].map(([file, value]) => ({ field: 'app.settings', value, file, reason: 'read with a local address as its default' }));
}
