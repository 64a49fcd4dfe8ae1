/**
 * The structural Rego check (src/steps/cicd/policy/structure.ts): what OPA's compiler rejects
 * when it loads a whole policy directory, found without OPA.
 */
import { describe, expect, it } from 'vitest';
import { cicdStep } from '../src/steps/cicd/index.js';
import { checkRegoStructure, maskRego, type RegoFile } from '../src/steps/cicd/policy/structure.js';
import { planFor } from './fixtures.js';

const file = (path: string, body: string): RegoFile => ({ path, content: `package main\n\nimport rego.v1\n\n${body}\n` });
const messages = (files: RegoFile[]): string[] => checkRegoStructure(files).map((p) => `${p.file}:${p.line}: ${p.message}`);

describe('Rego structure', () => {
  it('passes the generated T3 policies and their tests, loaded together as `opa test policy` loads them', () => {
    const files = cicdStep.render(planFor({ tier: 'T3' })).filter((f) => f.path.startsWith('policy/'));
    expect(files.map((f) => f.path)).toEqual(['policy/terraform.rego', 'policy/terraform_test.rego', 'policy/kubernetes.rego', 'policy/kubernetes_test.rego']);
    expect(messages(files)).toEqual([]);
  });

  it('finds a helper with two arities in two files of one package (issue 12, defect 1)', () => {
    const a = file('policy/kubernetes_test.rego', 'denies(c, volumes, fragment) if {\n\tsome msg in deny\n\tcontains(msg, fragment)\n}');
    const b = file('policy/terraform_test.rego', 'denies(changes, fragment) if {\n\tsome msg in deny\n\tcontains(msg, fragment)\n}');
    expect(messages([a, b])).toEqual([
      expect.stringMatching(/^policy\/terraform_test\.rego:5: conflicting rules in package main: function denies\/2 here and function denies\/3 in policy\/kubernetes_test\.rego:5/),
    ]);
  });

  it('keeps packages apart, and allows several definitions of one kind', () => {
    const a = file('a.rego', 'f(x) := 1 if x > 1\n\nf(x) := 2 if x <= 1\n\np := 1 if input.a\n\np := 2 if input.b');
    const b = { path: 'b.rego', content: 'package other\n\nimport rego.v1\n\nf(x, y) := x + y\n' };
    expect(messages([a, b])).toEqual([]);
  });

  it('finds a rule defined both as a value and as a set, and two defaults', () => {
    const a = file('a.rego', 'deny contains msg if {\n\tmsg := "x"\n}\n\ndeny := {"y"}\n\ndefault allow := false\n\ndefault allow := true');
    const found = messages([a]);
    expect(found).toContainEqual(expect.stringMatching(/conflicting rules in package main: rule deny here and multi-value rule deny/));
    expect(found).toContainEqual(expect.stringMatching(/multiple default rules named allow/));
  });

  it('finds calls with the wrong number of arguments, the output argument allowed', () => {
    const a = file('a.rego', 'double(x) := 2 * x\n\nok if double(2, 4)\n\nbad if double(1, 2, 3)\n\ncount := 1\n\nshadowed if count([1]) == 1');
    const found = messages([a]);
    expect(found).toEqual([
      expect.stringMatching(/a\.rego:9: double\(…\) is called with 3 arguments, but package main defines it with 1 argument/),
      expect.stringMatching(/a\.rego:13: count\(…\) is called with 1 argument, but package main defines it with no arguments/),
    ]);
  });

  it('requires v1 syntax: package first, import rego.v1, if before bodies, contains for sets, every … in', () => {
    expect(messages([{ path: 'x.rego', content: 'import rego.v1\n\npackage main\n' }])).toEqual(['x.rego:1: the first statement must be `package NAME`']);
    expect(messages([{ path: 'x.rego', content: 'package main\n\nallow if true\n' }])).toEqual([expect.stringMatching(/x\.rego:1: missing `import rego\.v1`/)]);
    const v0 = file('v0.rego', 'allow {\n\ttrue\n}\n\ndeny[msg] {\n\tmsg := "x"\n}\n\nf(x) {\n\tx\n}\n\nall_ok if {\n\tevery x {\n\t\tx\n\t}\n}');
    const found = messages([v0]);
    expect(found).toEqual([
      'v0.rego:5: rule "allow" has a body without `if` (Rego v1 requires `allow if { … }`)',
      'v0.rego:9: rule "deny" has a body without `if` (Rego v1 requires `deny if { … }`)',
      'v0.rego:9: rule "deny[…]" is a v0 partial set: write `deny contains … if { … }`',
      'v0.rego:13: rule "f" has a body without `if` (Rego v1 requires `f if { … }`)',
      'v0.rego:18: `every` takes `every x in xs { … }` (or `every k, v in xs { … }`)',
    ]);
    const future = { path: 'f.rego', content: 'package main\n\nimport rego.v1\nimport future.keywords.in\n' };
    expect(messages([future])).toEqual([expect.stringMatching(/f\.rego:4: `import future\.keywords` with `import rego\.v1`/)]);
  });

  it('finds `with` on a `some … in` expression', () => {
    const a = file('a.rego', 'denied(x) if {\n\tsome msg in deny with input as x\n\tmsg\n}');
    expect(messages([a])).toEqual([expect.stringMatching(/a\.rego:6: `with` on a `some … in` expression/)]);
  });

  it('reads no keyword inside strings or comments', () => {
    expect(maskRego('x := "a # b" # every\ny := `raw\n{`')).toBe('x := "     "        \ny := `   \n `');
    const a = file('a.rego', '# allow {\nmsg := "deny[x] { every }"');
    expect(messages([a])).toEqual([]);
  });
});
