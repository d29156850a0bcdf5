/**
 * Classifies a candidate SDK library from its ELF header before dlopen, so "not a shared library"
 * and "built for another CPU" get their own explanation instead of dlopen's terse text.
 * Pure: takes the first bytes of the file, imports nothing.
 */

/** e_ident (16) + e_type (2) + e_machine (2): enough to classify. */
export const ELF_HEADER_PREFIX_BYTES = 20;

const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
export const EM_X86_64 = 62;

/** e_machine values a user is likely to meet, for a readable message. */
const MACHINE_NAMES: Readonly<Record<number, string>> = {
  3: 'x86 (32-bit)',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  40: 'ARM (32-bit)',
  62: 'x86-64',
  183: 'AArch64 (ARM64)',
  243: 'RISC-V',
  258: 'LoongArch',
};

export function elfMachineName(machine: number): string {
  return MACHINE_NAMES[machine] ?? `e_machine ${machine}`;
}

export type ElfClassification =
  | { ok: true }
  | { ok: false; kind: 'not-elf'; detail: string }
  | { ok: false; kind: 'wrong-arch'; detail: string };

export function classifyElfHeader(header: Uint8Array): ElfClassification {
  if (
    header.length < 4 ||
    header[0] !== 0x7f ||
    header[1] !== 0x45 ||
    header[2] !== 0x4c ||
    header[3] !== 0x46
  ) {
    const first = Array.from(header.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    return {
      ok: false,
      kind: 'not-elf',
      detail: `no ELF magic (first bytes: ${first || 'none, empty file'})`,
    };
  }
  if (header.length < ELF_HEADER_PREFIX_BYTES) {
    return { ok: false, kind: 'not-elf', detail: `truncated ELF header (${header.length} bytes)` };
  }
  const elfClass = header[4];
  const dataEncoding = header[5];
  // e_machine is read in the file's own byte order so a big-endian file still names its CPU.
  const machine =
    dataEncoding === ELFDATA2LSB
      ? (header[18] ?? 0) | ((header[19] ?? 0) << 8)
      : ((header[18] ?? 0) << 8) | (header[19] ?? 0);
  if (elfClass !== ELFCLASS64) {
    return {
      ok: false,
      kind: 'wrong-arch',
      detail: `32-bit ELF (${elfMachineName(machine)}); the app needs a 64-bit x86-64 library`,
    };
  }
  if (dataEncoding !== ELFDATA2LSB) {
    return { ok: false, kind: 'wrong-arch', detail: `big-endian ELF (${elfMachineName(machine)})` };
  }
  if (machine !== EM_X86_64) {
    return {
      ok: false,
      kind: 'wrong-arch',
      detail: `built for ${elfMachineName(machine)} (e_machine ${machine}), not x86-64 (e_machine ${EM_X86_64})`,
    };
  }
  return { ok: true };
}
