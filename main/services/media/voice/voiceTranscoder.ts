import { sniffAudio, type AudioFormat } from '../mediaSniff';
import { AMR_SAMPLE_RATE, decodeAmrNb } from './amrDecoder';
import { decodeSilk, SILK_SAMPLE_RATE } from './silkDecoder';
import { pcm16ToWav } from './wav';

/** A voice message as WAV, which every Chromium plays; no ffmpeg anywhere (issue 5). */
export interface DecodedVoice {
  format: AudioFormat;
  wav: Buffer;
  durationMs: number;
}

export class UnsupportedAudioError extends Error {
  constructor() {
    super('not an AMR-NB or SILK v3 voice file');
    this.name = 'UnsupportedAudioError';
  }
}

export async function voiceToWav(file: Uint8Array): Promise<DecodedVoice> {
  const format = sniffAudio(file.subarray(0, 16));
  if (format === null) throw new UnsupportedAudioError();
  const sampleRate = format === 'amr-nb' ? AMR_SAMPLE_RATE : SILK_SAMPLE_RATE;
  const samples = format === 'amr-nb' ? decodeAmrNb(file) : await decodeSilk(file);
  return {
    format,
    wav: pcm16ToWav(samples, sampleRate),
    durationMs: (samples.length / sampleRate) * 1000,
  };
}
