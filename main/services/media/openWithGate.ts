import { randomBytes } from 'node:crypto';
import { DANGEROUS_TYPES, fileTypeOf } from '../../common/text/controls';

/**
 * "Open with the system application" hands a file from the archive — written by anyone who chatted
 * with the company — to the desktop. The name the user confirms is the name the copy gets, with every
 * bidi/invisible control written out (`photo<U+202E>gpj.exe`, not `photoexe.jpg`), the type is the
 * extension after its last dot, and executable or script types (or an ELF / `#!` file without an
 * extension) need a second, explicit confirmation (docs/security.md).
 */

// The pure part (what a control is, how it is written out, the real extension, which types run code)
// is shared with the renderer, which shows file names the same way.
export { decontrolName, fileTypeOf, DANGEROUS_TYPES } from '../../common/text/controls';

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** The type shown to the user and whether it needs the second confirmation. */
export function classifyForOpen(
  copyName: string,
  head: Uint8Array,
): { fileType: string; dangerous: boolean } {
  const extension = fileTypeOf(copyName);
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const elf = bytes.subarray(0, 4).equals(ELF_MAGIC);
  const shebang = bytes[0] === 0x23 && bytes[1] === 0x21;
  if (extension === '' && elf) return { fileType: 'ELF', dangerous: true };
  if (extension === '' && shebang) return { fileType: 'script (#!)', dangerous: true };
  return { fileType: extension, dangerous: DANGEROUS_TYPES.has(extension) || elf };
}

/** What the browser shell's user confirms: this file, under this name, of this type. */
export interface PendingOpen {
  corpId: string;
  sdkfileid: string;
  fileName: string;
  displayName: string;
  fileType: string;
  dangerous: boolean;
  expiresAt: number;
}

export const OPEN_NONCE_TTL_MS = 2 * 60_000;
const MAX_PENDING = 100;

/**
 * Nonces for the browser shell's two-step open: `openMediaExternally` issues one bound to the file and
 * the name shown; only `confirmOpenMedia` with it opens, once, within two minutes.
 */
export class OpenNonces {
  private readonly pending = new Map<string, PendingOpen>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(open: Omit<PendingOpen, 'expiresAt'>): { nonce: string } & PendingOpen {
    const now = this.now();
    for (const [nonce, entry] of this.pending) if (entry.expiresAt < now) this.pending.delete(nonce);
    while (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    const nonce = randomBytes(18).toString('base64url');
    const entry = { ...open, expiresAt: now + OPEN_NONCE_TTL_MS };
    this.pending.set(nonce, entry);
    return { nonce, ...entry };
  }

  /** The pending open for this nonce, removed on first use; null when unknown or expired. */
  take(nonce: string): PendingOpen | null {
    const entry = this.pending.get(nonce);
    this.pending.delete(nonce);
    return entry && entry.expiresAt >= this.now() ? entry : null;
  }
}
