export function buildId(root: string): string;
export function listFiles(dir: string): string[];
