import { describe, expect, it } from 'vitest';
import { attr, blank, block, call, comment, expr, hclString, renderHcl } from '../src/render/hcl.js';

describe('HCL builder', () => {
  it('aligns = across a run of one-line attributes and not across multi-line values', () => {
    const text = renderHcl([
      block('resource', ['x', 'y'], [
        attr('ccc', 3),
        attr('d', ['a', 'b']),
        attr('e', { 'kubernetes.io/role/elb': 1, b: 2 }),
        attr('f', 1),
        attr('tags', call('merge', expr('local.tags'), { x: 1, yy: 2 })),
        blank(),
        comment('a comment'),
        block('nested', [], [attr('x', true)]),
      ]),
    ]);
    expect(text).toBe(
      [
        'resource "x" "y" {',
        '  ccc = 3',
        '  d   = ["a", "b"]',
        '  e = {',
        '    "kubernetes.io/role/elb" = 1',
        '    b                        = 2',
        '  }',
        '  f = 1',
        '  tags = merge(local.tags, {',
        '    x  = 1',
        '    yy = 2',
        '  })',
        '',
        '  # a comment',
        '  nested {',
        '    x = true',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('quotes user values so they cannot inject expressions', () => {
    expect(hclString('a"b${var.x}%{if}\\')).toBe('"a\\"b$${var.x}%%{if}\\\\"');
  });
});
