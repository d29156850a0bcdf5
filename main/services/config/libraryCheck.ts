import { open } from 'node:fs/promises';
import { FINANCE_SDK_SYMBOLS } from '../../common/sdk/financeSdkSymbols';

/**
 * The SDK library checked when a corp is saved, before anything loads it: the file exists, is a
 * 64-bit x86-64 ELF shared object and exports every function of the Finance SDK's C ABI
 * (docs/wecom-sdk.md §1). Read from the file's own tables (.dynsym), without dlopen, so a wrong file
 * is explained in the settings form instead of on the first pull. (The host explains the same
 * header again when it loads the library, native/bindings/elfHeader.ts; main does not reach bindings.)
 */

/** The vendor's C exports the app calls: the host binds exactly these (one list, in the common core). */
export const REQUIRED_SDK_EXPORTS = FINANCE_SDK_SYMBOLS;

export type LibraryProblemKind =
  'library-missing' | 'library-not-file' | 'library-not-elf' | 'library-wrong-arch' | 'library-exports';

export class LibraryProblem extends Error {
  constructor(
    readonly kind: LibraryProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'LibraryProblem';
  }
}

/** Far above the vendor SDK (~10 MB); a larger file is not read whole. */
const MAX_LIBRARY_BYTES = 512 * 1024 * 1024;
const SHT_DYNSYM = 11;
const SYMBOL_BYTES = 24;
const SECTION_HEADER_BYTES = 64;

const ELF_HEADER_BYTES = 64;
const EM_X86_64 = 62;

/** A 64-bit little-endian x86-64 ELF shared object (ET_DYN), or the LibraryProblem saying what it is instead. */
function checkElfHeader(libraryPath: string, header: Buffer): void {
  if (header.length < 4 || header.readUInt32BE(0) !== 0x7f454c46) {
    throw new LibraryProblem('library-not-elf', `${libraryPath} is not an ELF file (no ELF magic).`);
  }
  if (header.length < ELF_HEADER_BYTES) {
    throw new LibraryProblem('library-not-elf', `${libraryPath} has a truncated ELF header.`);
  }
  const elfClass = header[4];
  const littleEndian = header[5] === 1;
  const machine = littleEndian ? header.readUInt16LE(18) : header.readUInt16BE(18);
  const type = littleEndian ? header.readUInt16LE(16) : header.readUInt16BE(16);
  if (elfClass !== 2 || !littleEndian || machine !== EM_X86_64) {
    const bits = elfClass === 2 ? '64-bit' : '32-bit';
    throw new LibraryProblem(
      'library-wrong-arch',
      `${libraryPath} is a ${bits} ${littleEndian ? 'little' : 'big'}-endian ELF for e_machine ${machine}, not x86-64 (e_machine ${EM_X86_64}).`,
    );
  }
  if (type !== 3) {
    throw new LibraryProblem(
      'library-not-elf',
      `${libraryPath} is an ELF file of type ${type}, not a shared library.`,
    );
  }
}

/** Throws a LibraryProblem naming what is wrong with `libraryPath`; resolves when it can be used. */
export async function checkSdkLibrary(libraryPath: string): Promise<void> {
  let handle;
  try {
    handle = await open(libraryPath, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new LibraryProblem('library-missing', `The SDK library ${libraryPath} cannot be opened (${code}).`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new LibraryProblem('library-not-file', `${libraryPath} is not a regular file.`);
    }
    if (info.size > MAX_LIBRARY_BYTES) {
      throw new LibraryProblem(
        'library-not-elf',
        `${libraryPath} is ${info.size} bytes, too large for the SDK.`,
      );
    }
    const header = Buffer.alloc(ELF_HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    checkElfHeader(libraryPath, header.subarray(0, bytesRead));
    const bytes = await handle.readFile();
    const exported = dynamicExports(bytes);
    // Without section headers (a stripped-down file) the exports are left to the host's load.
    if (exported === null) return;
    const missing = REQUIRED_SDK_EXPORTS.filter((name) => !exported.has(name));
    if (missing.length > 0) {
      throw new LibraryProblem(
        'library-exports',
        `${libraryPath} does not export ${missing.length} of the ${REQUIRED_SDK_EXPORTS.length} SDK functions: ${missing.join(', ')}.`,
      );
    }
  } finally {
    await handle.close();
  }
}

/**
 * The names a little-endian ELF64 file defines in its dynamic symbol table, or null when it has no
 * section headers to find that table by.
 */
export function dynamicExports(file: Buffer): Set<string> | null {
  if (file.length < 64) return null;
  const shoff = Number(file.readBigUInt64LE(0x28));
  const shentsize = file.readUInt16LE(0x3a);
  const shnum = file.readUInt16LE(0x3c);
  if (shoff === 0 || shnum === 0 || shentsize < SECTION_HEADER_BYTES) return null;
  if (shoff + shnum * shentsize > file.length) return null;
  const section = (index: number) => {
    const at = shoff + index * shentsize;
    return {
      type: file.readUInt32LE(at + 4),
      offset: Number(file.readBigUInt64LE(at + 24)),
      size: Number(file.readBigUInt64LE(at + 32)),
      link: file.readUInt32LE(at + 40),
    };
  };
  const names = new Set<string>();
  let found = false;
  for (let index = 0; index < shnum; index += 1) {
    const symbols = section(index);
    if (symbols.type !== SHT_DYNSYM || symbols.link >= shnum) continue;
    const strings = section(symbols.link);
    if (symbols.offset + symbols.size > file.length || strings.offset + strings.size > file.length) continue;
    found = true;
    for (let at = symbols.offset; at + SYMBOL_BYTES <= symbols.offset + symbols.size; at += SYMBOL_BYTES) {
      const nameAt = file.readUInt32LE(at);
      const binding = file.readUInt8(at + 4) >> 4;
      const sectionIndex = file.readUInt16LE(at + 6);
      // Defined (not SHN_UNDEF), global or weak: what dlsym can find.
      if (sectionIndex === 0 || (binding !== 1 && binding !== 2) || nameAt >= strings.size) continue;
      const start = strings.offset + nameAt;
      const end = file.indexOf(0, start);
      if (end < 0 || end > strings.offset + strings.size) continue;
      names.add(file.toString('latin1', start, end));
    }
  }
  return found ? names : null;
}
