/**
 * The first worksheet of an .xlsx file as rows of cell text, read without a library: the file is a ZIP
 * (central directory, stored or deflated entries, inflated with the platform's DecompressionStream),
 * `xl/sharedStrings.xml` holds the strings and `xl/worksheets/sheet1.xml` (or the first sheet the
 * workbook lists) the cells. Numbers are kept as written; formulas give their cached value.
 */

export class XlsxError extends Error {
  constructor(readonly problem: 'not-zip' | 'no-sheet' | 'unsupported-compression' | 'too-large') {
    super(`not a readable .xlsx file (${problem})`);
    this.name = 'XlsxError';
  }
}

/** The directory file is a few thousand rows; a sheet inflating beyond this is refused (zip bomb). */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('not-zip');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw new XlsxError('not-zip');
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, {
      name,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function entryText(bytes: Uint8Array, entry: ZipEntry): Promise<string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw new XlsxError('not-zip');
  if (entry.size > MAX_ENTRY_BYTES) throw new XlsxError('too-large');
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = bytes.slice(start, start + entry.compressedSize);
  if (entry.method === 0) return new TextDecoder().decode(data);
  if (entry.method !== 8) throw new XlsxError('unsupported-compression');
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const inflated = await new Response(stream).arrayBuffer();
  if (inflated.byteLength > MAX_ENTRY_BYTES) throw new XlsxError('too-large');
  return new TextDecoder().decode(inflated);
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, code: string) => {
    if (code.startsWith('#x')) return String.fromCodePoint(Number.parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number.parseInt(code.slice(1), 10));
    return ENTITIES[code] ?? '';
  });
}

/** The text of every `<t>` in a fragment (a shared string may be split in rich-text runs). */
function textRuns(fragment: string): string {
  let text = '';
  for (const match of fragment.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g))
    text += unescapeXml(match[1] ?? '');
  return text;
}

function sharedStrings(xml: string): string[] {
  // Phonetic runs (<rPh>) are reading aids, not part of the string.
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    textRuns((m[1] ?? '').replace(/<rPh[\s\S]*?<\/rPh>/g, '')),
  );
}

/** Column letters of a cell reference (`BC12` → 54), 0-based. */
function columnOf(reference: string): number {
  let column = 0;
  for (const c of reference.replace(/\d+$/, '')) column = column * 26 + (c.charCodeAt(0) - 64);
  return column - 1;
}

function sheetRows(xml: string, strings: readonly string[]): string[][] {
  const rows: string[][] = [];
  for (const rowMatch of xml.matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const row: string[] = [];
    let next = 0;
    for (const cell of (rowMatch[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cell[1] ?? '';
      const inner = cell[2] ?? '';
      const reference = /\br="([A-Z]+\d+)"/.exec(attributes)?.[1];
      const column = reference ? columnOf(reference) : next;
      const type = /\bt="([^"]+)"/.exec(attributes)?.[1] ?? 'n';
      const value = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let text = '';
      if (type === 's') text = strings[Number(value)] ?? '';
      else if (type === 'inlineStr') text = textRuns(inner);
      else if (value !== undefined) text = unescapeXml(value);
      while (row.length < column) row.push('');
      row[column] = text;
      next = column + 1;
    }
    if (row.some((cell) => cell.trim() !== '')) rows.push(row);
  }
  return rows;
}

/** The first worksheet's non-empty rows. */
export async function readXlsxRows(bytes: Uint8Array): Promise<string[][]> {
  const entries = zipEntries(bytes);
  let sheet = entries.get('xl/worksheets/sheet1.xml');
  if (!sheet) {
    const first = [...entries.keys()].filter((name) => /^xl\/worksheets\/[^/]+\.xml$/.test(name)).sort()[0];
    sheet = first ? entries.get(first) : undefined;
  }
  if (!sheet) throw new XlsxError('no-sheet');
  const stringsEntry = entries.get('xl/sharedStrings.xml');
  const strings = stringsEntry ? sharedStrings(await entryText(bytes, stringsEntry)) : [];
  return sheetRows(await entryText(bytes, sheet), strings);
}
