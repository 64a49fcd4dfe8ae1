/**
 * YAML output from typed objects: js-yaml serialises (it quotes every value that
 * needs it), we add the comments YAML builders cannot carry: a header, and the
 * release tag after every SHA-pinned `uses:`.
 */
import { dump } from 'js-yaml';
import { tagForSha } from '../data/action-pins.js';

export const GENERATED_HEADER = 'Managed by create-devops-stack: change devops-stack.yaml and re-run.';

const USES_LINE = /^(\s*(?:- )?uses: [^\s@]+@([0-9a-f]{40}))$/gm;

export function toYaml(value: unknown): string {
  const text = dump(value, { lineWidth: -1, noRefs: true, quotingType: '"', noCompatMode: true });
  return text.replace(USES_LINE, (line: string, _all: string, sha: string) => {
    const tag = tagForSha(sha);
    return tag ? `${line} # ${tag}` : line;
  });
}

function commentBlock(header: string): string {
  return header
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n');
}

/** One YAML document with the generated-file header. */
export function yamlFile(value: unknown, header: string = GENERATED_HEADER): string {
  return `${commentBlock(header)}\n${toYaml(value)}`;
}

/** Several documents in one file, separated by `---`. */
export function yamlDocuments(values: readonly unknown[], header: string = GENERATED_HEADER): string {
  return `${commentBlock(header)}\n${values.map((v) => `---\n${toYaml(v)}`).join('')}`;
}
