import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sniffAudio, sniffMime } from '../../../../../../main/services/media/mediaSniff';
import { countAmrFrames, decodeAmrNb } from '../../../../../../main/services/media/voice/amrDecoder';
import { decodeSilk } from '../../../../../../main/services/media/voice/silkDecoder';
import {
  UnsupportedAudioError,
  voiceToWav,
} from '../../../../../../main/services/media/voice/voiceTranscoder';
import { wavDurationMs } from '../../../../../../main/services/media/voice/wav';
import { FIXTURES_DIR } from '../../../../../../native/standin/corpus/media';
import { probeAmr, probeSilkDurationMs } from '../../../../../../native/standin/corpus/mediaProbe';

/** In-app voice decoding (issue 5): AMR-NB with DTX keeps its length; SILK is told apart by its magic. */

const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES_DIR, name));
const AMR_FIXTURES = [
  'voice-cs-dtx.amr',
  'voice-sales-dtx.amr',
  'voice-short-dtx.amr',
  'voice-invoice-nodtx.amr',
];

describe('sniffing voice and media by magic bytes', () => {
  it('tells AMR-NB from SILK whatever the file is called', () => {
    for (const name of AMR_FIXTURES) expect(sniffAudio(fixture(name)), name).toBe('amr-nb');
    expect(sniffAudio(fixture('voice-wechat.silk'))).toBe('silk');
    // Tencent's variant puts 0x02 before the SILK magic.
    expect(sniffAudio(Buffer.concat([Buffer.from([2]), Buffer.from('#!SILK_V3')]))).toBe('silk');
    expect(sniffAudio(Buffer.from('#!AMR-WB\n'))).toBeNull();
    expect(sniffAudio(Buffer.from('#!AM'))).toBeNull();
    expect(sniffAudio(fixture('image-photo.jpg'))).toBeNull();
  });

  it('names the real type of every fixture', () => {
    expect(sniffMime(fixture('image-photo.jpg'))).toBe('image/jpeg');
    expect(sniffMime(fixture('image-screenshot.png'))).toBe('image/png');
    expect(sniffMime(fixture('emotion-smile.gif'))).toBe('image/gif');
    expect(sniffMime(fixture('video-short.mp4'))).toBe('video/mp4');
    expect(sniffMime(fixture('doc-statement.pdf'))).toBe('application/pdf');
    expect(sniffMime(fixture('doc-quote.docx'))).toBe('application/zip');
    expect(sniffMime(fixture('voice-cs-dtx.amr'))).toBe('audio/amr');
    expect(sniffMime(fixture('voice-wechat.silk'))).toBe('audio/silk');
    expect(sniffMime(Buffer.from('<html><script>'))).toBe('application/octet-stream');
  });
});

describe('AMR-NB decoding (opencore port)', () => {
  it('decodes DTX recordings to their full length: within 2% of the source (exact to the frame here)', () => {
    for (const name of AMR_FIXTURES) {
      const file = fixture(name);
      const source = probeAmr(file);
      if (name.includes('-dtx')) expect(source.dtxFrames, name).toBeGreaterThan(0);
      const samples = decodeAmrNb(file);
      const decodedMs = (samples.length / 8000) * 1000;
      expect(Math.abs(decodedMs - source.durationMs) / source.durationMs, name).toBeLessThanOrEqual(0.02);
      expect(samples.length, name).toBe(source.frames * 160);
      expect(countAmrFrames(file)).toEqual({ frames: source.frames, dtxFrames: source.dtxFrames });
    }
  });

  it('produces real audio, not silence, and a WAV the player reads the same duration from', async () => {
    const file = fixture('voice-cs-dtx.amr');
    const samples = decodeAmrNb(file);
    const peak = samples.reduce((max, sample) => Math.max(max, Math.abs(sample)), 0);
    expect(peak).toBeGreaterThan(1000);
    const voice = await voiceToWav(file);
    expect(voice.format).toBe('amr-nb');
    expect(voice.wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wavDurationMs(voice.wav)).toBeCloseTo(probeAmr(file).durationMs, 3);
    expect(voice.durationMs).toBeCloseTo(probeAmr(file).durationMs, 3);
  });

  it('keeps a final one-byte NO_DATA frame', () => {
    const file = fixture('voice-short-dtx.amr');
    const padded = Buffer.concat([file, Buffer.from([15 << 3])]);
    expect(decodeAmrNb(padded).length).toBe(decodeAmrNb(file).length + 160);
  });

  it('refuses what is not AMR-NB', async () => {
    expect(() => decodeAmrNb(fixture('voice-wechat.silk'))).toThrow(/AMR/);
    await expect(voiceToWav(fixture('image-photo.jpg'))).rejects.toBeInstanceOf(UnsupportedAudioError);
  });
});

describe('SILK decoding (silk-wasm)', () => {
  it('decodes WeChat SILK to its full length at 24 kHz', async () => {
    const file = fixture('voice-wechat.silk');
    const sourceMs = probeSilkDurationMs(file);
    const samples = await decodeSilk(file);
    const decodedMs = (samples.length / 24_000) * 1000;
    expect(Math.abs(decodedMs - sourceMs) / sourceMs).toBeLessThanOrEqual(0.02);
    const voice = await voiceToWav(file);
    expect(voice.format).toBe('silk');
    expect(Math.abs(wavDurationMs(voice.wav) - sourceMs) / sourceMs).toBeLessThanOrEqual(0.02);
  });
});
