import { checkRegoStructure } from '../../steps/cicd/policy/structure.js';
import type { ConsistencyRule } from '../rule.js';

/**
 * `opa test policy` and `conftest test -p policy` compile every .rego file of the directory
 * into one set of packages: a helper defined with two arities in two files fails the whole
 * policy job, and every job behind it is skipped. No OPA runs offline here, so the structure
 * OPA's compiler checks is checked on the files (steps/cicd/policy/structure.ts).
 */
export const policiesCompile: ConsistencyRule = {
  id: 'policies-compile',
  description: 'The Rego policies compile together: one kind and arity per rule name in each package, across all files; v1 syntax.',
  needs: ['cicd'],
  check({ facts }) {
    const files = facts.cicd.policies;
    const problems = checkRegoStructure(files.map((f) => ({ path: f.file, content: f.content })));
    return problems.map((p) => ({
      message: `${p.file}:${p.line}: ${p.message}`,
      // The other files are compiled with it: a conflict names one of them in the message.
      files: [p.file, ...files.map((f) => f.file).filter((f) => f !== p.file)],
      remedy: 'Rename the helper (one name per package across policy/, test files included) or fix the syntax, then run `opa test policy -v`.',
    }));
  },
};
