import { describe, expect, it } from 'vitest';
import * as controls from '../../../../../main/common/text/controls';

describe('archive strings with invisible and bidi controls', () => {
  it('writes every control out and takes the type from the real last extension', () => {
    const name = 'invoice\u202Efdp.exe';
    expect(controls.decontrolName(name)).toBe('invoice<U+202E>fdp.exe');
    expect(controls.realFileType(name)).toBe('exe');
    expect(controls.DANGEROUS_TYPES.has(controls.realFileType(name))).toBe(true);
    // A control after the last dot is part of the type as written, not hidden in it.
    expect(controls.realFileType('photo.jp\u200Bg')).toBe('jp<u+200b>g');
    expect(controls.realFileType('archive')).toBe('');
    expect(controls.realFileType('.bashrc')).toBe('');
    expect(controls.decontrolName('a\u2066b\u2069c\u0000d\u3164')).toBe(
      'a<U+2066>b<U+2069>c<U+0000>d<U+3164>',
    );
  });

  it('cuts text at its controls so a view can mark each one, losing nothing', () => {
    const text = '\u202Babc\u202E\u202Cdef';
    const segments = controls.controlSegments(text);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.control).map((s) => (s.control ? s.label : ''))).toEqual([
      '<U+202B>',
      '<U+202E>',
      '<U+202C>',
    ]);
    expect(segments[1]).toEqual({ text: 'abc', control: false });
    expect(controls.controlSegments('plain 文字 عربى')).toEqual([
      { text: 'plain 文字 عربى', control: false },
    ]);
    expect(controls.hasControls('plain')).toBe(false);
    expect(controls.hasControls('a\u200Fb')).toBe(true);
  });
});
