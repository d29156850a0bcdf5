import { decode } from 'silk-wasm';

/**
 * Tencent SILK v3 (WeChat-side voices, often mislabelled ".amr") → 16-bit PCM with silk-wasm.
 * 24 kHz is the rate WeChat encodes at; SILK decodes to any of its rates, so this is also what the
 * player gets.
 */
export const SILK_SAMPLE_RATE = 24_000;

export async function decodeSilk(file: Uint8Array): Promise<Int16Array> {
  const result = await decode(file, SILK_SAMPLE_RATE);
  const { data } = result;
  // pcm_s16le; copy into an aligned buffer (the wasm view may start at an odd offset).
  const aligned = new Uint8Array(data.byteLength - (data.byteLength % 2));
  aligned.set(data.subarray(0, aligned.length));
  return new Int16Array(aligned.buffer);
}
