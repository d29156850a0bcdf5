import { describe, expect, it } from 'vitest';
import { classifyElfHeader, EM_X86_64 } from '../../../../native/bindings/elfHeader';

function elfHeader({ elfClass = 2, encoding = 1, machine = EM_X86_64 } = {}): Uint8Array {
  const header = new Uint8Array(64);
  header.set([0x7f, 0x45, 0x4c, 0x46, elfClass, encoding, 1]);
  header[16] = 3; // ET_DYN
  if (encoding === 1) {
    header[18] = machine & 0xff;
    header[19] = machine >> 8;
  } else {
    header[18] = machine >> 8;
    header[19] = machine & 0xff;
  }
  return header;
}

describe('classifyElfHeader', () => {
  it('accepts a 64-bit little-endian x86-64 ELF', () => {
    expect(classifyElfHeader(elfHeader())).toEqual({ ok: true });
  });

  it('calls a text file not-elf and shows its first bytes', () => {
    const result = classifyElfHeader(new TextEncoder().encode('/* not a library */'));
    expect(result).toMatchObject({ ok: false, kind: 'not-elf' });
    expect(!result.ok && result.detail).toContain('2f 2a 20 6e');
  });

  it('calls an empty or truncated file not-elf', () => {
    expect(classifyElfHeader(new Uint8Array())).toMatchObject({ ok: false, kind: 'not-elf' });
    expect(classifyElfHeader(elfHeader().subarray(0, 10))).toMatchObject({ ok: false, kind: 'not-elf' });
  });

  it('names the CPU of a foreign library', () => {
    const aarch64 = classifyElfHeader(elfHeader({ machine: 183 }));
    expect(aarch64).toMatchObject({ ok: false, kind: 'wrong-arch' });
    expect(!aarch64.ok && aarch64.detail).toMatch(/AArch64.*183/);
    const x86 = classifyElfHeader(elfHeader({ elfClass: 1, machine: 3 }));
    expect(x86).toMatchObject({ ok: false, kind: 'wrong-arch' });
    expect(!x86.ok && x86.detail).toMatch(/32-bit.*x86/);
    const ppc = classifyElfHeader(elfHeader({ encoding: 2, machine: 21 }));
    expect(ppc).toMatchObject({ ok: false, kind: 'wrong-arch' });
    expect(!ppc.ok && ppc.detail).toMatch(/big-endian.*PowerPC64/);
  });
});
