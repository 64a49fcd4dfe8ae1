// Types for the internals of gitlab-ci-local 4.60.1 that test/validators/gitlab-ci-local.ts calls
// in-process (the package ships JavaScript only). Pinned exactly in package.json.
declare module 'gitlab-ci-local/src/argv.js' {
  export class Argv {
    static build(args: Record<string, unknown>, writeStreams: unknown): Promise<Argv>;
  }
}
declare module 'gitlab-ci-local/src/parser.js' {
  import type { Argv } from 'gitlab-ci-local/src/argv.js';
  export class Parser {
    static create(argv: Argv, writeStreams: unknown, pipelineIid: number, jobs: unknown[], expandVariables?: boolean): Promise<Parser>;
    readonly gitlabData: Record<string, unknown>;
    readonly stages: string[];
  }
}
declare module 'gitlab-ci-local/src/git-data.js' {
  export class GitData {
    static init(cwd: string, writeStreams: unknown): Promise<GitData>;
  }
}
declare module 'gitlab-ci-local/src/write-streams.js' {
  export class WriteStreamsMock {
    stderrLines: string[];
    stdoutLines: string[];
  }
}
declare module 'gitlab-ci-local/src/schema/index.js' {
  const schema: Record<string, unknown>;
  export default schema;
}
declare module 'gitlab-ci-local/src/schema-error.js' {
  export function betterAjvErrors(opts: { errors: unknown[]; data: unknown }): { message: string; path: string; schemaPath: string }[];
}
declare module 'gitlab-ci-local/src/parser-includes.js' {
  export class ParserIncludes {
    static memoLocalRepoFiles: (dir: string) => string[];
  }
}
