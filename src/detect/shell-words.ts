/**
 * A command line split into words, when it is a plain command (quotes allowed): undefined when
 * it uses the shell (operators, variables, redirections, assignments), which an exec-form CMD
 * cannot run.
 */
export function splitCommand(line: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let quote = '';
  let started = false;
  for (const c of line.trim()) {
    if (quote) {
      if (c === quote) quote = '';
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else if (/[|&;<>()$`\\*?]/.test(c)) return undefined;
    else {
      word += c;
      started = true;
    }
  }
  if (quote) return undefined;
  if (started) words.push(word);
  if (!words.length || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) return undefined;
  return words;
}
