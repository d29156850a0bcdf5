import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readXlsxRows, XlsxError } from '../../../../../../renderer/features/reading/directory/xlsxTable';

/** A minimal ZIP writer (stored or deflated entries), enough to build .xlsx files as Excel does. */
function zip(files: Record<string, string>, deflate = true): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(encoder.encode(name));
    const raw = Buffer.from(encoder.encode(text));
    const data = deflate ? deflateRawSync(raw) : raw;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    // The central header repeats the local one from "version needed" to "extra length" (26 bytes), two
    // bytes later, after its own "version made by".
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    local.copy(central, 6, 4, 30);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}

const SHARED = `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<si><t>账号</t></si><si><t>姓名</t></si><si><t>部门</t></si>
<si><t>zhangwei</t></si><si><r><t>张</t></r><r><rPr><b/></rPr><t xml:space="preserve">伟</t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh></si>
<si><t>R&amp;D &lt;2&gt;</t></si>
</sst>`;

const SHEET = `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c></row>
<row r="3"/>
<row r="4"><c r="A4"><v>726</v></c><c r="C4" t="inlineStr"><is><t>财务</t></is></c><c r="B4" t="str"><f>CONCAT("王","芳")</f><v>王芳</v></c></row>
</sheetData></worksheet>`;

describe('readXlsxRows', () => {
  it('reads shared strings (rich-text runs joined, phonetic runs left out), inline strings, numbers and formula values', async () => {
    const rows = await readXlsxRows(
      zip({ 'xl/sharedStrings.xml': SHARED, 'xl/worksheets/sheet1.xml': SHEET }),
    );
    expect(rows).toEqual([
      ['账号', '姓名', '部门'],
      ['zhangwei', '张伟', 'R&D <2>'],
      ['726', '王芳', '财务'],
    ]);
  });

  it('reads stored (uncompressed) entries and a sheet not called sheet1', async () => {
    const rows = await readXlsxRows(
      zip({ 'xl/worksheets/staff.xml': SHEET.replace(/t="s"/g, 't="n"') }, false),
    );
    expect(rows[0]).toEqual(['0', '1', '2']);
  });

  it('refuses a file that is not a ZIP, or a ZIP without a worksheet', async () => {
    await expect(readXlsxRows(new TextEncoder().encode('userid,name'))).rejects.toBeInstanceOf(XlsxError);
    await expect(readXlsxRows(zip({ 'word/document.xml': '<w/>' }))).rejects.toMatchObject({
      problem: 'no-sheet',
    });
  });
});
