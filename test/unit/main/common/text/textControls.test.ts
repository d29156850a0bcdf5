import { describe, expect, it } from 'vitest';
import {
  controlSegments,
  decontrolName,
  DANGEROUS_TYPES,
  hasControls,
  realFileType,
} from '../../../../../main/common/text/controls';
import { layoutJson } from '../../../../../main/common/text/jsonLayout';

describe('archive strings with invisible and bidi controls', () => {
  it('writes every control out and takes the type from the real last extension', () => {
    const name = 'invoice\u202Efdp.exe';
    expect(decontrolName(name)).toBe('invoice<U+202E>fdp.exe');
    expect(realFileType(name)).toBe('exe');
    expect(DANGEROUS_TYPES.has(realFileType(name))).toBe(true);
    // A control after the last dot is part of the type as written, not hidden in it.
    expect(realFileType('photo.jp\u200Bg')).toBe('jp<u+200b>g');
    expect(realFileType('archive')).toBe('');
    expect(realFileType('.bashrc')).toBe('');
    expect(decontrolName('a\u2066b\u2069c\u0000d\u3164')).toBe('a<U+2066>b<U+2069>c<U+0000>d<U+3164>');
  });

  it('cuts text at its controls so a view can mark each one, losing nothing', () => {
    const text = '\u202Babc\u202E\u202Cdef';
    const segments = controlSegments(text);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.control).map((s) => (s.control ? s.label : ''))).toEqual([
      '<U+202B>',
      '<U+202E>',
      '<U+202C>',
    ]);
    expect(segments[1]).toEqual({ text: 'abc', control: false });
    expect(controlSegments('plain 文字 عربى')).toEqual([{ text: 'plain 文字 عربى', control: false }]);
    expect(hasControls('plain')).toBe(false);
    expect(hasControls('a\u200Fb')).toBe(true);
  });
});

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
