/**
 * Reads the facts a media message must state (duration, dimensions) straight from the file bytes, so
 * `play_length`, `width`/`height` always match the real file (docs/wecom-sdk.md §4.2 voice/video/emotion).
 */

/** AMR-NB storage format (RFC 4867 §5): "#!AMR\n", then frames whose size follows from the frame type. */
const AMR_MAGIC = Buffer.from('#!AMR\n', 'latin1');
/** Payload bytes per AMR-NB frame type (0–7 speech modes, 8 SID, 9–11 other SIDs, 15 NO_DATA), as in opencore-amr. */
const AMR_NB_FRAME_BYTES = [12, 13, 15, 17, 19, 20, 26, 31, 5, 6, 5, 5, 0, 0, 0, 0];

export interface AmrFrameStats {
  frames: number;
  /** SID (8) and NO_DATA (15) frames: present only when the encoder ran with DTX. */
  dtxFrames: number;
  durationMs: number;
}

export function probeAmr(data: Buffer): AmrFrameStats {
  if (!data.subarray(0, 6).equals(AMR_MAGIC)) throw new Error('not an AMR-NB file');
  let offset = 6;
  let frames = 0;
  let dtxFrames = 0;
  while (offset < data.length) {
    const type = ((data[offset] as number) >> 3) & 0x0f;
    if (type === 8 || type === 15) dtxFrames++;
    offset += 1 + (AMR_NB_FRAME_BYTES[type] as number);
    frames++;
  }
  // Every frame, DTX ones included, stands for 20 ms of audio.
  return { frames, dtxFrames, durationMs: frames * 20 };
}

/** Tencent SILK: optional 0x02, "#!SILK_V3", then blocks of (int16 LE length, payload), 20 ms each, 0xFFFF ends. */
export function probeSilkDurationMs(data: Buffer): number {
  let offset = data[0] === 0x02 ? 1 : 0;
  if (data.toString('latin1', offset, offset + 9) !== '#!SILK_V3') throw new Error('not a SILK v3 file');
  offset += 9;
  let blocks = 0;
  while (offset + 2 <= data.length) {
    const length = data.readInt16LE(offset);
    if (length < 0) break;
    offset += 2 + length;
    blocks++;
  }
  return blocks * 20;
}

export interface ImageInfo {
  format: 'jpeg' | 'png' | 'gif';
  width: number;
  height: number;
}

export function probeImage(data: Buffer): ImageInfo {
  if (data.length > 24 && data.readUInt32BE(0) === 0x89504e47) {
    return { format: 'png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.toString('latin1', 0, 4) === 'GIF8') {
    return { format: 'gif', width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  }
  if (data[0] === 0xff && data[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < data.length) {
      if (data[offset] !== 0xff) throw new Error('corrupt JPEG marker stream');
      const marker = data[offset + 1] as number;
      const length = data.readUInt16BE(offset + 2);
      const isStartOfFrame =
        marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isStartOfFrame) {
        return {
          format: 'jpeg',
          height: data.readUInt16BE(offset + 5),
          width: data.readUInt16BE(offset + 7),
        };
      }
      offset += 2 + length;
    }
  }
  throw new Error('unknown image format');
}

/** Duration of an MP4/ISO-BMFF file from moov/mvhd. */
export function probeMp4DurationMs(data: Buffer): number {
  const moov = findBox(data, 0, data.length, 'moov');
  if (!moov) throw new Error('MP4 without moov');
  const mvhd = findBox(data, moov.start, moov.end, 'mvhd');
  if (!mvhd) throw new Error('MP4 without mvhd');
  const version = data[mvhd.start];
  const timescale = version === 1 ? data.readUInt32BE(mvhd.start + 20) : data.readUInt32BE(mvhd.start + 12);
  const duration =
    version === 1 ? Number(data.readBigUInt64BE(mvhd.start + 24)) : data.readUInt32BE(mvhd.start + 16);
  return Math.round((duration / timescale) * 1000);
}

function findBox(
  data: Buffer,
  from: number,
  to: number,
  type: string,
): { start: number; end: number } | undefined {
  let offset = from;
  while (offset + 8 <= to) {
    let size = data.readUInt32BE(offset);
    let header = 8;
    if (size === 1) {
      size = Number(data.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = to - offset;
    }
    if (size < header) return undefined;
    if (data.toString('latin1', offset + 4, offset + 8) === type)
      return { start: offset + header, end: offset + size };
    offset += size;
  }
  return undefined;
}
