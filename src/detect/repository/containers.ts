/**
 * What an existing Dockerfile and compose file say: the port the image exposes, whether the
 * image has an entry point and a non-root user (a kept Dockerfile is checked against them), and
 * the backing services the compose file runs (by image, else by service name).
 */
import type { BackingService } from '../../config/answers.js';
import { ORCHESTRATION_KINDS } from '../../lock/ownership.js';
import { portDecision } from '../port.js';
import type { Repo } from '../repo.js';
import type { Detected } from '../types.js';

export function dockerfileFacts(repo: Repo): Detected[] {
  const text = repo.read('Dockerfile');
  if (text === undefined) return [];
  const out: Detected[] = [];
  const port = /^\s*EXPOSE\s+(\d+)(?:\/tcp)?\b/im.exec(text)?.[1];
  if (port) out.push(portDecision(Number(port), 'Dockerfile', `EXPOSE ${port}`));
  // The last stage is the image that runs.
  const stages = text.split(/^\s*FROM\s/im);
  const last = stages[stages.length - 1] ?? '';
  const instruction = (name: string): string | undefined => [...last.matchAll(new RegExp(`^\\s*${name}\\s+(.+)$`, 'gim'))].at(-1)?.[1]?.trim();
  const cmd = instruction('CMD');
  const entrypoint = instruction('ENTRYPOINT');
  const user = instruction('USER');
  const facts = { ...(cmd ? { cmd } : {}), ...(entrypoint ? { entrypoint } : {}), ...(user ? { user } : {}), ...(port ? { expose: Number(port) } : {}) };
  const missing = [!cmd && !entrypoint ? 'no CMD or ENTRYPOINT' : '', !user || /^(root|0)(:|$)/.test(user) ? 'runs as root' : ''].filter(Boolean);
  out.push({ field: 'dockerfile', value: facts, file: 'Dockerfile', reason: missing.length ? missing.join(', ') : `${entrypoint ? `ENTRYPOINT ${entrypoint}` : `CMD ${cmd}`}, USER ${user}` });
  return out;
}

const SERVICES: readonly [BackingService, RegExp][] = [
  ['postgres', /(^|\/)(postgres|postgis)(:|$)|^postgres/i],
  ['redis', /(^|\/)(redis|valkey|keydb)(:|$)|^redis/i],
  ['mysql', /(^|\/)(mysql|mariadb|percona)(:|$)|^(mysql|mariadb)/i],
  ['mongodb', /(^|\/)(mongo|mongodb)(:|$)|^mongo/i],
  ['elasticsearch', /(^|\/)elasticsearch(:|$)|^elasticsearch/i],
  ['opensearch', /(^|\/)opensearch(:|$)|^opensearch$/i],
  ['rabbitmq', /(^|\/)rabbitmq(:|$)|^rabbitmq/i],
  ['kafka', /(^|\/)(kafka|cp-kafka|redpanda)(:|$)|^kafka/i],
];

export function composeFiles(repo: Repo): string[] {
  return ORCHESTRATION_KINDS.compose.filter((name) => repo.read(name, 1) !== undefined);
}

export function composeServices(repo: Repo): Detected[] {
  const out: Detected[] = [];
  for (const file of composeFiles(repo)) {
    const doc = repo.yaml(file) as { services?: Record<string, { image?: unknown } | null> } | undefined;
    const services = doc && typeof doc.services === 'object' && doc.services !== null ? doc.services : {};
    for (const [name, service] of Object.entries(services).slice(0, 100)) {
      const image = typeof service?.image === 'string' ? service.image : name;
      const match = SERVICES.find(([, pattern]) => pattern.test(image));
      if (match) out.push({ field: 'backingServices', value: [match[0]], file, reason: `service ${name}${image !== name ? ` (image ${image})` : ''}` });
    }
  }
  return out;
}
