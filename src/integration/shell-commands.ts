/**
 * The programs a line of shell calls, read well enough to check that a CI runner has them: the
 * first word of each command of a list or pipeline, and of each command substitution, after any
 * variable assignments. Not a shell parser: what it cannot read (a heredoc's body, a quoted
 * string spanning lines) it leaves out rather than guesses.
 */

/** Words that start shell syntax, not a program. */
const SYNTAX = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in', '{', '}', '!', '[[', ']]', 'function']);

/** Shell builtins and what every Linux runner has (coreutils, tar, curl): never missing. */
export const ALWAYS_AVAILABLE = new Set([
  'cd', 'echo', 'export', 'set', 'unset', 'test', '[', 'printf', 'read', 'source', '.', 'true', 'false', 'exit', 'return', 'local', 'eval', 'exec', 'shift', 'trap', 'wait', 'command', 'type',
  'cat', 'cp', 'mv', 'rm', 'mkdir', 'ls', 'ln', 'chmod', 'touch', 'head', 'tail', 'tr', 'cut', 'sort', 'uniq', 'wc', 'tee', 'env', 'date', 'sleep', 'dirname', 'basename', 'realpath', 'mktemp', 'install', 'sha256sum', 'base64', 'seq', 'xargs', 'grep', 'sed', 'awk', 'find',
  'timeout', 'tar', 'gzip', 'curl', 'bash', 'sh',
]);

function strip(word: string): string {
  return word.replace(/^[("'`]+/, '').replace(/[)"'`;]+$/, '');
}

/** The first word of one simple command, after `VAR=value` assignments; '' when there is none. */
function program(command: string): string {
  const words = command.trim().split(/\s+/).filter(Boolean);
  for (const raw of words) {
    const word = strip(raw);
    if (!word || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) continue;
    return word;
  }
  return '';
}

/** Commands a package-manager line installs for the lines after it: `pip install x==1`, `npm install -g x`. */
export function installedBy(line: string): string[] {
  const m = /^\s*(?:pip3?|python3? -m pip) install\s+(.+)$/.exec(line) ?? /^\s*npm (?:install|i) (?:-g|--global)\s+(.+)$/.exec(line);
  if (!m) return [];
  return m[1]!.split(/\s+/).filter((w) => w && !w.startsWith('-')).map((w) => w.replace(/[=<>~!@\[].*$/, ''));
}

/** Every program one line calls (a kubectl plugin as `kubectl-<plugin>`). */
export function programsOf(line: string): string[] {
  const substitutions = [...line.matchAll(/\$\(([^()]*)\)/g)].map((m) => m[1]!);
  const outer = line.replace(/\$\(([^()]*)\)/g, ' ').replace(/'[^']*'|"[^"]*"/g, ' ');
  const commands = [outer, ...substitutions].flatMap((text) => text.split(/&&|\|\||[|;]/));
  const found: string[] = [];
  for (const command of commands) {
    const first = program(command.replace(/^\s*[({]\s*/, ''));
    if (!first || SYNTAX.has(first) || first.startsWith('$') || first.startsWith('-') || first.startsWith('#') || /^[<>0-9&]/.test(first)) continue;
    const words = command.trim().split(/\s+/);
    // `kubectl argo rollouts ...` runs the kubectl-argo-rollouts plugin.
    if (first === 'kubectl' && words[1] === 'argo') found.push('kubectl', 'kubectl-argo-rollouts');
    else found.push(first);
  }
  return found;
}
