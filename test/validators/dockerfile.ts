/**
 * Dockerfiles (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`) through
 * dockerfile-utils 0.16.3 (the linter of the Docker language server): unknown instructions,
 * missing arguments, bad HEALTHCHECK/EXPOSE/ONBUILD forms, duplicate CMD/ENTRYPOINT, casing,
 * relative WORKDIR. Warnings count as findings too: every check is set to error severity.
 */
import { ValidationSeverity, validate, type ValidatorSettings } from 'dockerfile-utils';
import { type Finding, type RunContext, type Tree, baseName } from './common.js';

export const DOCKERFILE = 'dockerfile-utils';

export const isDockerfilePath = (p: string): boolean => /^(Dockerfile|Containerfile)(\..+)?$|\.Dockerfile$/i.test(baseName(p));

const STRICT: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

export async function checkDockerfile(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of tree.values()) {
    if (!isDockerfilePath(file.path)) continue;
    for (const d of validate(file.content, STRICT)) {
      findings.push({ validator: DOCKERFILE, file: file.path, location: `line ${d.range.start.line + 1}, col ${d.range.start.character + 1}`, message: typeof d.message === 'string' ? d.message : d.message.value });
    }
  }
  return findings;
}
