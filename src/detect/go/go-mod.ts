/** The parts of go.mod detection reads: module path, go and toolchain directives, required modules. */
export interface GoMod {
  module?: string;
  go?: string;
  toolchain?: string;
  requires: string[];
}

export function readGoMod(text: string): GoMod {
  const mod: GoMod = { requires: [] };
  let inRequire = false;
  for (const raw of text.split('\n').slice(0, 5000)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inRequire) {
      if (line === ')') inRequire = false;
      else if (line) mod.requires.push(line.split(/\s+/)[0]!);
      continue;
    }
    const [word, value] = line.split(/\s+/);
    if (word === 'module' && value) mod.module = value.replace(/^"|"$/g, '');
    else if (word === 'go' && value) mod.go = value;
    else if (word === 'toolchain' && value) mod.toolchain = value.replace(/^go/, '');
    else if (word === 'require') {
      if (value === '(') inRequire = true;
      else if (value) mod.requires.push(value);
    }
  }
  return mod;
}
