/**
 * What the image the Dockerfile builds contains, read from the Dockerfile: the final stage's
 * base image, working directory, the paths its COPY/ADD instructions create (a file, or a
 * directory whose contents are unknown) and its ENTRYPOINT/CMD. A source copied from a build
 * stage counts as a file when that stage writes it with `-o PATH` (go build) or when it is a
 * glob with an extension (`*.jar`); anything else may be a directory. Unreadable lines are skipped.
 */
import type { CicdFacts } from '../facts.js';

/** The PATH of the Debian-based official images (node, python, golang, eclipse-temurin). */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

interface Instruction {
  keyword: string;
  args: string;
}

function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined.split(/\r?\n/).flatMap((line) => {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    return m && !line.trimStart().startsWith('#') ? [{ keyword: m[1]!.toUpperCase(), args: m[2]!.trim() }] : [];
  });
}

/** JSON (exec) form or shell form of ENTRYPOINT/CMD, as words. */
function execWords(args: string): string[] {
  try {
    const parsed: unknown = JSON.parse(args);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // shell form
  }
  return ['/bin/sh', '-c', args];
}

function resolve(dir: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${dir}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return `/${out.join('/')}`;
}

export function imageFacts(file: string, text: string | undefined): CicdFacts['image'] {
  if (text === undefined) return null;
  const all = instructions(text);
  const stages: { name: string; lines: Instruction[] }[] = [];
  for (const ins of all) {
    if (ins.keyword === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins.args);
      stages.push({ name: m?.[2] ?? String(stages.length), lines: [ins] });
    } else stages.at(-1)?.lines.push(ins);
  }
  const last = stages.at(-1);
  if (!last) return null;
  /** Paths a build stage writes as files: `-o PATH` of its RUN lines. */
  const outputs = (stage: string): string[] =>
    (stages.find((s) => s.name === stage)?.lines ?? []).filter((l) => l.keyword === 'RUN').flatMap((l) => [...l.args.matchAll(/(?:^|\s)-o\s+(\S+)/g)].map((m) => m[1]!));
  const facts: NonNullable<CicdFacts['image']> = { file, baseImage: '', workdir: '/', files: [], dirs: [], fromImages: [], path: [...DEFAULT_PATH], entrypoint: [], cmd: [] };
  facts.fromImages = stages.map((s) => /^(?:--\S+\s+)*(\S+)/.exec(s.lines[0]!.args)?.[1] ?? '');
  facts.baseImage = /^(?:--\S+\s+)*(\S+)/.exec(last.lines[0]!.args)?.[1] ?? '';
  for (const ins of last.lines.slice(1)) {
    if (ins.keyword === 'WORKDIR') {
      facts.workdir = resolve(facts.workdir, ins.args);
      facts.dirs.push(facts.workdir);
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const words = ins.args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((w) => !w.startsWith('--'));
      if (paths.length < 2) continue;
      const dest = paths.at(-1)!;
      const sources = paths.slice(0, -1);
      const target = resolve(facts.workdir, dest);
      const isFile =
        !dest.endsWith('/') &&
        sources.length === 1 &&
        ((from !== undefined && outputs(from).includes(sources[0]!)) || /\*\.[A-Za-z0-9]+$/.test(sources[0]!));
      (isFile ? facts.files : facts.dirs).push(target);
    } else if (ins.keyword === 'ENV') {
      // `ENV A=1 PATH=/app/.venv/bin:$PATH` (or `ENV PATH /x:$PATH`): $PATH stands for the PATH so far.
      const value = /(?:^|\s)PATH[=\s]+(\S+)/.exec(ins.args)?.[1];
      if (value) facts.path = value.split(':').flatMap((d) => (d === '$PATH' || d === '${PATH}' ? facts.path : [d]));
    } else if (ins.keyword === 'ENTRYPOINT') facts.entrypoint = execWords(ins.args);
    else if (ins.keyword === 'CMD') facts.cmd = execWords(ins.args);
    else if (ins.keyword === 'USER') facts.user = ins.args.split(/\s+/)[0]!;
    else if (ins.keyword === 'EXPOSE') facts.expose = [...(facts.expose ?? []), ...ins.args.split(/\s+/).flatMap((p) => (/^\d+(\/tcp)?$/i.test(p) ? [Number.parseInt(p, 10)] : []))];
  }
  return facts;
}
