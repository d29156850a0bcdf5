import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every `§` a comment cites must resolve inside this repository: `docs/wecom-sdk.md §4.2` names a file
 * that a fresh clone has, and that file has a heading numbered 4.2 (docs/style.md §13). Documents that
 * live outside the repository may not be cited at all.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Folders whose source is scanned, and the root files next to them. */
const SCANNED_DIRS = ['main', 'native', 'renderer', 'build', 'test', '.ci', 'docs'];
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'test-results', 'playwright-report', 'standin-data']);
const SOURCE_EXTENSIONS = new Set([
  '.ts',
  '.tsx',
  '.c',
  '.h',
  '.css',
  '.sh',
  '.yml',
  '.yaml',
  '.html',
  '.md',
]);

function isScannedFile(relative: string): boolean {
  const base = path.basename(relative);
  if (base === 'Makefile') return true;
  // `.ci/setup` and `.ci/run` are bash scripts without an extension.
  if (relative.startsWith('.ci/')) return true;
  return SOURCE_EXTENSIONS.has(path.extname(base));
}

function walk(relativeDir: string, into: string[]): void {
  for (const entry of readdirSync(path.join(ROOT, relativeDir), { withFileTypes: true })) {
    const relative = path.posix.join(relativeDir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && relative !== 'build/out') walk(relative, into);
    } else if (entry.isFile() && isScannedFile(relative)) {
      into.push(relative);
    }
  }
}

function scannedFiles(): string[] {
  const files: string[] = [];
  for (const dir of SCANNED_DIRS) walk(dir, files);
  for (const entry of readdirSync(ROOT, { withFileTypes: true })) {
    if (entry.isFile() && /\.(ts|yml|md)$/.test(entry.name)) files.push(entry.name);
  }
  return files.sort();
}

/**
 * Names of documents that only ever existed outside the repository (in the workspace that started the
 * project). Spelled in pieces so that this file does not cite them itself.
 */
const OUTSIDE_DOCUMENTS = new RegExp(
  [
    ['SDK', 'SPEC'].join('-'),
    ['PLATFORM', 'FACTS'].join('-'),
    String.raw`\b${'STY' + 'LE'}(?:\.md)?\b`,
    String.raw`\b${'PROD' + 'UCT'}(?:\.md)?\b`,
    String.raw`(?:\.\./)+${'sha' + 'red'}/`,
    String.raw`/work/${'sha' + 'red'}\b`,
  ].join('|'),
  'g',
);

type Token =
  | { kind: 'document'; name: string; start: number; end: number }
  | { kind: 'external'; start: number; end: number }
  | { kind: 'section'; number: string; start: number; end: number };

/** A markdown path (`docs/wecom-sdk.md`, `FAULTS.md`), a standard (`RFC 9110`), or a section (`§4.2`). */
const TOKEN =
  /(?<![\w/.-])((?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)*\.md)\b|\b(RFC ?\d+|ECMA-\d+|ISO(?:\/IEC)? ?\d+)\b|§ ?(\d+(?:\.\d+)*)/g;

/** What may sit between a document name and its section, or between two sections of one chain. */
const CHAIN_GAP = /^[\s,;:/&()`'"–—-]*(?:(?:and|or|to)[\s,;:/&()`'"–—-]*)?$/;
/** A line break plus the comment leader of the next line reads as one space. */
const LINE_BREAK = /\r?\n[ \t]*(?:\*(?!\/)|\/\/|#)?[ \t]*/g;

function tokens(text: string): Token[] {
  const found: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[1] !== undefined) found.push({ kind: 'document', name: match[1], start, end });
    else if (match[2] !== undefined) found.push({ kind: 'external', start, end });
    else if (match[3] !== undefined) found.push({ kind: 'section', number: match[3], start, end });
  }
  return found;
}

interface Reference {
  file: string;
  line: number;
  /** The cited document as written, or null when the `§` follows no document name. */
  document: string | null;
  section: string;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The `§` references of one file. A section belongs to the document (or standard) named right before it,
 * directly or through a chain like `docs/wecom-sdk.md §4.1, §4.2 and §4.3`. In a markdown document a
 * `§` with no document before it refers to that document itself.
 */
function referencesOf(file: string, text: string): Reference[] {
  const references: Reference[] = [];
  const selfName = file.endsWith('.md') ? file : null;
  let owner: Token | null = null;
  let previousEnd = -1;
  for (const token of tokens(text)) {
    if (token.kind !== 'section') {
      owner = token;
      previousEnd = token.end;
      continue;
    }
    const gap = previousEnd < 0 ? null : text.slice(previousEnd, token.start).replace(LINE_BREAK, ' ');
    const chained = owner !== null && gap !== null && gap.length <= 12 && CHAIN_GAP.test(gap);
    if (!chained) owner = null;
    previousEnd = token.end;
    if (owner?.kind === 'external') continue;
    references.push({
      file,
      line: lineOf(text, token.start),
      document: owner?.kind === 'document' ? owner.name : selfName,
      section: token.number,
    });
  }
  return references;
}

const headingCache = new Map<string, Set<string>>();

function sectionNumbers(documentPath: string): Set<string> {
  let numbers = headingCache.get(documentPath);
  if (!numbers) {
    numbers = new Set();
    for (const line of readFileSync(path.join(ROOT, documentPath), 'utf8').split('\n')) {
      const heading = /^#{1,6}\s+(?:§ ?)?(\d+(?:\.\d+)*)\.?(?=\s|$)/.exec(line);
      if (heading?.[1]) numbers.add(heading[1]);
    }
    headingCache.set(documentPath, numbers);
  }
  return numbers;
}

function isFile(relative: string): boolean {
  try {
    return statSync(path.join(ROOT, relative)).isFile();
  } catch {
    return false;
  }
}

/** The repository path of a cited document: from the repository root, else next to the citing file. */
function resolveDocument(citingFile: string, name: string): string | null {
  for (const candidate of [
    path.posix.normalize(name),
    path.posix.join(path.posix.dirname(citingFile), name),
  ]) {
    if (!candidate.startsWith('..') && isFile(candidate)) return candidate;
  }
  return null;
}

/** Why a reference does not resolve, or null when it does. */
function problemOf(reference: Reference): string | null {
  if (reference.document === null) return `§${reference.section} follows no document name`;
  const resolved = resolveDocument(reference.file, reference.document);
  if (resolved === null) return `${reference.document} is not a file in the repository`;
  if (!sectionNumbers(resolved).has(reference.section)) {
    return `${resolved} has no heading numbered ${reference.section}`;
  }
  return null;
}

const THIS_FILE = 'test/unit/docs/references.test.ts';

describe('references in comments', () => {
  const files = scannedFiles().filter((file) => file !== THIS_FILE);
  const texts = new Map(files.map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));

  it('scans the source tree', () => {
    expect(files).toContain('main/contract/methods.ts');
    expect(files).toContain('native/standin/src/sdk.c');
    expect(files).toContain('.ci/setup');
    expect(files).toContain('docs/ARCHITECTURE.md');
    expect(files.some((file) => file.startsWith('build/out/'))).toBe(false);
  });

  it('every § resolves to a numbered heading of a document in the repository', () => {
    const references = files.flatMap((file) => referencesOf(file, texts.get(file) ?? ''));
    expect(references.length).toBeGreaterThan(100);
    const problems = references.flatMap((reference) => {
      const problem = problemOf(reference);
      return problem === null ? [] : [`${reference.file}:${reference.line}: ${problem}`];
    });
    expect(problems).toEqual([]);
  });

  it('no file cites documents that live outside the repository', () => {
    const citations = files.flatMap((file) => {
      const text = texts.get(file) ?? '';
      return [...text.matchAll(OUTSIDE_DOCUMENTS)].map(
        (match) => `${file}:${lineOf(text, match.index)}: ${match[0]}`,
      );
    });
    expect(citations).toEqual([]);
  });
});

describe('the reference reader', () => {
  it('attributes chains to the document before them and skips standards', () => {
    const text = [
      '/** See docs/wecom-sdk.md §4.1, §4.2 and §4.3 (RFC 9110 §14).',
      ' * docs/style.md §2–§3; a lone §7 later in the sentence. */',
    ].join('\n');
    expect(referencesOf('main/x.ts', text).map((r) => [r.document, r.section, r.line])).toEqual([
      ['docs/wecom-sdk.md', '4.1', 1],
      ['docs/wecom-sdk.md', '4.2', 1],
      ['docs/wecom-sdk.md', '4.3', 1],
      ['docs/style.md', '2', 2],
      ['docs/style.md', '3', 2],
      [null, '7', 2],
    ]);
  });

  it('continues a chain across a wrapped comment line', () => {
    const text = '// as in docs/wecom-sdk.md §4.1 and\n// §4.3';
    expect(referencesOf('main/x.ts', text).map((r) => r.document)).toEqual([
      'docs/wecom-sdk.md',
      'docs/wecom-sdk.md',
    ]);
  });

  it('reads a bare § in a document as a reference to that document', () => {
    const text = 'see §2.1 and docs/style.md §4';
    expect(referencesOf('docs/wecom-sdk.md', text).map((r) => [r.document, r.section])).toEqual([
      ['docs/wecom-sdk.md', '2.1'],
      ['docs/style.md', '4'],
    ]);
  });

  it('reports a missing file, a missing heading and an orphan §', () => {
    expect(problemOf({ file: 'main/x.ts', line: 1, document: 'docs/nope.md', section: '1' })).toMatch(
      /not a file/,
    );
    expect(problemOf({ file: 'main/x.ts', line: 1, document: 'docs/style.md', section: '99' })).toMatch(
      /no heading numbered 99/,
    );
    expect(problemOf({ file: 'main/x.ts', line: 1, document: null, section: '5' })).toMatch(/no document/);
    expect(
      problemOf({ file: 'main/x.ts', line: 1, document: 'docs/wecom-sdk.md', section: '4.2' }),
    ).toBeNull();
  });

  it('recognises citations of outside documents', () => {
    const outside = ['SDK', 'SPEC §4.2'].join('-');
    expect(outside.match(OUTSIDE_DOCUMENTS)).not.toBeNull();
    expect('docs/wecom-sdk.md §4.2'.match(OUTSIDE_DOCUMENTS)).toBeNull();
  });
});
