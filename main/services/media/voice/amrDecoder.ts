import installAmrWorker from 'benz-amr-recorder/src/amrnb.js';

/**
 * AMR-NB → 16-bit PCM at 8 kHz with the opencore-amr decoder (emscripten build from
 * benz-amr-recorder). Unlike FFmpeg's amrnb decoder, opencore decodes SID and NO_DATA frames, so a
 * voice recorded with DTX keeps its real length (docs/platform-facts.md §4: FFmpeg turned 56.3 s into
 * 54.4 s). Every frame, DTX ones included, is 20 ms = 160 samples.
 */
export const AMR_SAMPLE_RATE = 8000;
const AMR_MAGIC = '#!AMR\n';
/** Payload bytes per frame type (0–7 speech modes, 8 SID, 15 NO_DATA), RFC 4867 §5 / opencore. */
const FRAME_BYTES = [12, 13, 15, 17, 19, 20, 26, 31, 5, 6, 5, 5, 0, 0, 0, 0] as const;

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage?: (event: { data: { command: 'decode'; buffer: Uint8Array } }) => void;
}

let worker: WorkerScope | null = null;
let lastAnswer: unknown = null;

/**
 * The module is written as a Web Worker body that talks to a global `self`. It runs synchronously,
 * so a private `self` is installed only for the duration of each call and the previous global is
 * put back: nothing else in the process sees it.
 */
function withWorkerScope<T>(run: (scope: WorkerScope) => T): T {
  const global = globalThis as { self?: unknown };
  const hadSelf = Object.prototype.hasOwnProperty.call(global, 'self');
  const previous = global.self;
  const scope: WorkerScope = worker ?? {
    postMessage: (message: unknown) => {
      lastAnswer = message;
    },
  };
  global.self = scope;
  try {
    return run(scope);
  } finally {
    if (hadSelf) global.self = previous;
    else delete global.self;
  }
}

function decoderScope(): WorkerScope {
  if (worker) return worker;
  return withWorkerScope((scope) => {
    installAmrWorker();
    if (typeof scope.onmessage !== 'function') throw new Error('the AMR decoder did not initialise');
    worker = scope;
    return scope;
  });
}

/** Frames of an AMR-NB storage file (RFC 4867 §5); a truncated last frame is not counted. */
export function countAmrFrames(file: Uint8Array): { frames: number; dtxFrames: number } {
  let offset = AMR_MAGIC.length;
  let frames = 0;
  let dtxFrames = 0;
  while (offset < file.length) {
    const type = ((file[offset] as number) >> 3) & 0x0f;
    const size = 1 + FRAME_BYTES[type as 0];
    if (offset + size > file.length) break;
    if (type === 8 || type === 15) dtxFrames += 1;
    frames += 1;
    offset += size;
  }
  return { frames, dtxFrames };
}

export function isAmrNb(file: Uint8Array): boolean {
  return file.length >= 6 && String.fromCharCode(...file.subarray(0, 6)) === AMR_MAGIC;
}

/** Decodes a whole AMR-NB file; throws when it is not one. */
export function decodeAmrNb(file: Uint8Array): Int16Array {
  if (!isAmrNb(file)) throw new Error('not an AMR-NB file (#!AMR header missing)');
  const scope = decoderScope();
  // The port's frame loop stops when fewer than 2 bytes remain, which would drop a final 1-byte
  // NO_DATA frame: one padding byte lets it read the last real frame and then stop.
  const input = new Uint8Array(file.length + 1);
  input.set(file);
  lastAnswer = null;
  withWorkerScope(() => scope.onmessage?.({ data: { command: 'decode', buffer: input } }));
  const answer = lastAnswer as { amr?: Float32Array | null } | null;
  lastAnswer = null;
  const floats = answer?.amr;
  if (!floats) throw new Error('the AMR decoder rejected the file');
  // The port hands back int16/32768 as float32, which is exact; scale back to the original samples.
  const samples = new Int16Array(floats.length);
  for (let i = 0; i < floats.length; i += 1) samples[i] = Math.round((floats[i] as number) * 32768);
  return samples;
}
