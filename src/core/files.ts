/**
 * The in-memory file tree every step writes to. Nothing here touches the disk:
 * only src/write/writer.ts does.
 */
export type Producer = 'cicd' | 'iac' | 'observability' | 'deployment' | 'integration' | 'answers';

export interface VirtualFile {
  /** POSIX path relative to the target directory. */
  path: string;
  content: string;
  producer: Producer;
  /** One line on what the file is, for the summary and the guides. */
  summary: string;
  executable?: boolean;
}

/** Files by path, in a stable (sorted) order. */
export type FileTree = ReadonlyMap<string, VirtualFile>;

export class DuplicatePathError extends Error {
  constructor(
    readonly path: string,
    readonly producers: [Producer, Producer],
  ) {
    super(`${path} is written by both ${producers[0]} and ${producers[1]}`);
  }
}

export function buildTree(files: readonly VirtualFile[]): FileTree {
  const byPath = new Map<string, VirtualFile>();
  for (const file of files) {
    const existing = byPath.get(file.path);
    if (existing) throw new DuplicatePathError(file.path, [existing.producer, file.producer]);
    byPath.set(file.path, file);
  }
  return new Map([...byPath.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Content of a file in the tree, or undefined. */
export function contentOf(tree: FileTree, path: string): string | undefined {
  return tree.get(path)?.content;
}
