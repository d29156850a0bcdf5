/**
 * SDK output as text, byte-exact (docs/wecom-sdk.md §1.4). The SDK's slices are UTF-8 by contract,
 * but nothing guarantees it: a lenient decoder would replace bad bytes with U+FFFD and the stored
 * "raw evidence" would no longer be what the SDK returned. Decoding is fatal; when it fails the text
 * is the lenient decoding (for reading and indexing) and the original bytes travel with it, base64.
 * A BOM is kept as U+FEFF (`ignoreBOM`), since stripping it would also change the bytes.
 */
export interface SdkText {
  text: string;
  /** Present only when the bytes are not valid UTF-8: the exact bytes, base64. */
  invalidUtf8Base64?: string;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeSdkText(bytes: Uint8Array): SdkText {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    return {
      text: lenient.decode(bytes),
      invalidUtf8Base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    };
  }
}
