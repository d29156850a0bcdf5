import { describe, expect, it } from 'vitest';
import { layoutJson } from '../../../../../main/common/text/jsonLayout';

describe('raw JSON laid out without parsing', () => {
  const raw =
    '{"msgid":"m1","seq":18446744073709551615,"text":{"content":"a, b: {c} [d] \\" \u202E\n"},"tolist":[],"x":{},"n":[1,-2.5e3,true,null]}';

  it('pretty-prints with two-space indents and keeps every token verbatim', () => {
    const pretty = layoutJson(raw, 'pretty');
    expect(pretty).toBe(
      [
        '{',
        '  "msgid": "m1",',
        '  "seq": 18446744073709551615,',
        '  "text": {',
        '    "content": "a, b: {c} [d] \\" \u202E\n"',
        '  },',
        '  "tolist": [],',
        '  "x": {},',
        '  "n": [',
        '    1,',
        '    -2.5e3,',
        '    true,',
        '    null',
        '  ]',
        '}',
      ].join('\n'),
    );
  });

  it('compacts a pretty text back to the original tokens', () => {
    expect(layoutJson(layoutJson(raw, 'pretty'), 'compact')).toBe(raw);
    expect(layoutJson('{ "a" : [ 1 , 2 ] }', 'compact')).toBe('{"a":[1,2]}');
  });
});
