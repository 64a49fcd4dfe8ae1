/**
 * The settings an app reads from its environment: every entry of .env.example (the author's
 * own list, with its comments), and the variables its config files and code require (read
 * without a default). Each is marked secret when its name says so (a password, key, token,
 * or a connection URL that carries credentials): secrets go to the workload by reference only.
 */
import type { AppSetting } from '../config/answers.js';
import type { Repo, SourceFile } from './repo.js';
import type { Detected } from './types.js';

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
    if (!PROVIDED.has(name) && !settings.some((s) => s.name === name)) settings.push({ name, secret: looksSecret(name, value), ...(description ? { description } : {}) });
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
