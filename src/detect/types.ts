/** What detection found in an existing repository, each value with the file it came from. */
export interface Detected {
  /** The answers field it pre-fills ("stack", "app.port"), or a note such as "ci". */
  field: string;
  value: unknown;
  file: string;
  /** Why a found value was not used, when it was not. */
  ignored?: string;
}

export interface CiSystem {
  id: 'github-actions' | 'gitlab-ci' | 'jenkins' | 'circleci' | 'azure-pipelines' | 'bitbucket-pipelines';
  title: string;
  file: string;
}

export interface Detection {
  /** Answers to pre-fill, in answers-file shape; flags and the answers file override them. */
  answers: Record<string, unknown>;
  detected: Detected[];
  ci: CiSystem[];
  /** Existing local orchestration (compose files, Makefiles): kept, never replaced. */
  orchestration: string[];
}
