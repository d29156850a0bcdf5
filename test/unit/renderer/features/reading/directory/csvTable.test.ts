import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../../../renderer/features/reading/directory/csvTable';

describe('parseCsv', () => {
  it('reads a UTF-8 BOM, CRLF line ends and quoted fields with commas, quotes and line breaks', () => {
    const text =
      '\uFEFFuserid,name,department\r\nzhangwei,"张伟","销售部, 一组"\r\n"li""na","李\r\n娜",\r\n\r\n';
    expect(parseCsv(text)).toEqual([
      ['userid', 'name', 'department'],
      ['zhangwei', '张伟', '销售部, 一组'],
      ['li"na', '李\r\n娜', ''],
    ]);
  });

  it('accepts LF, a last line without a line end, and semicolon or tab separated files', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('userid;name;department\nx;"A;B";C\n')).toEqual([
      ['userid', 'name', 'department'],
      ['x', 'A;B', 'C'],
    ]);
    expect(parseCsv('userid\tname\nx\ty')).toEqual([
      ['userid', 'name'],
      ['x', 'y'],
    ]);
  });

  it('drops blank lines and keeps a quote in the middle of an unquoted field as text', () => {
    expect(parseCsv('\n\na,b"c\n  \n')).toEqual([['a', 'b"c']]);
  });
});
