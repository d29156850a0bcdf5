/**
 * What a downloaded file really is, from its first bytes. The archive's own labels are hints at
 * best: images may be PNG/GIF despite ".jpg", and WeChat-side voices may be SILK despite ".amr"
 * (docs/wecom-sdk.md §5, docs/platform-facts.md §4).
 */
export type AudioFormat = 'amr-nb' | 'silk';

const startsWith = (head: Uint8Array, bytes: readonly number[], offset = 0): boolean =>
  head.length >= offset + bytes.length && bytes.every((byte, i) => head[offset + i] === byte);

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));

const AMR_NB = ascii('#!AMR\n');
const AMR_WB = ascii('#!AMR-WB\n');
const SILK = ascii('#!SILK_V3');

/** `#!AMR\n` → AMR-NB; `#!SILK_V3`, optionally after Tencent's 0x02 byte → SILK; otherwise null. */
export function sniffAudio(head: Uint8Array): AudioFormat | null {
  if (startsWith(head, AMR_WB)) return null; // AMR-WB is a different codec; not what WeCom sends
  if (startsWith(head, AMR_NB)) return 'amr-nb';
  if (startsWith(head, SILK) || (head[0] === 0x02 && startsWith(head, SILK, 1))) return 'silk';
  return null;
}

/** MIME type from magic bytes; `application/octet-stream` when unknown. */
export function sniffMime(head: Uint8Array): string {
  const audio = sniffAudio(head);
  if (audio === 'amr-nb') return 'audio/amr';
  if (audio === 'silk') return 'audio/silk';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WAVE'), 8)) return 'audio/wav';
  if (startsWith(head, ascii('BM'))) return 'image/bmp';
  if (startsWith(head, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    if (brand === 'qt  ') return 'video/quicktime';
    if (brand.startsWith('M4A')) return 'audio/mp4';
    return 'video/mp4';
  }
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  if (startsWith(head, ascii('ID3')) || startsWith(head, [0xff, 0xfb])) return 'audio/mpeg';
  return 'application/octet-stream';
}

/** Types the renderer may show inline (images) or play (audio/video) straight from the bytes. */
export function isInlineSafe(mime: string): boolean {
  return /^(image\/(jpeg|png|gif|webp|bmp)|video\/mp4|audio\/(wav|mpeg|mp4))$/.test(mime);
}
