import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where media lives, and the containment rule every path obeys. Nothing from the archive — not a
 * file name, not an extension, not the sdkfileid — ever becomes a path segment: corps and items are
 * addressed by SHA-256 hex digests, files by the SHA-256 of their content (issue 5: path-traversal-proof).
 *
 *   <dataDir>/media/<corp>/objects/<aa>/<sha256>   downloaded files of several chunks, content-addressed
 *   <dataDir>/media/<corp>/packs/<nnnnnn>.pack     single-chunk files, appended; records say where
 *   <dataDir>/media/<corp>/records.log              per sdkfileid: state, verification, content address
 *   <dataDir>/media/<corp>/partial/<key>.part|.json an unfinished download and its chunk journal
 *   <dataDir>/media/<corp>/derived/<sha256>.wav    voice decoded in-app (cache)
 *   <dataDir>/media/<corp>/open/<random>/<name>     copies handed to the system's default application
 */
export const HEX64 = /^[0-9a-f]{64}$/;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export class PathContainmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathContainmentError';
  }
}

/** True when `candidate` is `root` itself or lies below it (both absolute, normalised here). */
export function isContained(root: string, candidate: string): boolean {
  const base = path.resolve(root);
  const target = path.resolve(candidate);
  const relative = path.relative(base, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `root` joined with `segments`, refusing any result outside `root` (defence in depth). */
export function containedJoin(root: string, ...segments: string[]): string {
  for (const segment of segments) {
    if (segment.includes('\0')) throw new PathContainmentError('NUL in a path segment');
  }
  const joined = path.resolve(root, ...segments);
  if (!isContained(root, joined) || joined === path.resolve(root)) {
    throw new PathContainmentError('a media path escaped the media directory');
  }
  return joined;
}

/** Like `isContained`, after resolving symlinks of both: what the file system will really open. */
export async function isReallyContained(root: string, candidate: string): Promise<boolean> {
  try {
    const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(candidate)]);
    return isContained(realRoot, realTarget) && realRoot !== realTarget;
  } catch {
    return false;
  }
}

/**
 * `name` below `dir` (already resolved and contained) by concatenation. Only names made of digests,
 * numbers and fixed extensions come here (`ab/<sha256>`, `<key>.part`, `000001.pack`), so there is
 * nothing to resolve — this is the hot path of every download; anything else is refused.
 */
const DIGEST_NAME = /^(?:[0-9a-f]{2}\/)?[0-9a-f]{6,64}\.?[a-z]{0,4}$/;

function digestChild(dir: string, name: string): string {
  if (!DIGEST_NAME.test(name)) throw new PathContainmentError('not a digest-named media file');
  return `${dir}${path.sep}${name}`;
}

export class MediaPaths {
  readonly root: string;
  /** corpDir is asked for on every path; a digest and a containment check each time add up. */
  private readonly corpDirs = new Map<string, string>();
  private readonly corpFolders = new Map<string, string>();
  /** Digests of the sdkfileids of recent downloads (a download asks for its key several times). */
  private readonly itemKeys = new Map<string, string>();

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'media');
  }

  /** The corp's folder: a digest of the config id, whatever characters the id has. */
  corpDir(corpId: string): string {
    let dir = this.corpDirs.get(corpId);
    if (dir === undefined) {
      dir = containedJoin(this.root, sha256Hex(`corp:${corpId}`).slice(0, 32));
      this.corpDirs.set(corpId, dir);
    }
    return dir;
  }

  /** Per-sdkfileid key: sdkfileids are long base64 blobs and must never be used as names. */
  itemKey(sdkfileid: string): string {
    let key = this.itemKeys.get(sdkfileid);
    if (key === undefined) {
      key = sha256Hex(`sdkfileid:${sdkfileid}`);
      if (this.itemKeys.size >= 4096) this.itemKeys.clear();
      this.itemKeys.set(sdkfileid, key);
    }
    return key;
  }

  /** The corp's download records, one JSON line each (MediaRecords). */
  recordLog(corpId: string): string {
    return this.inCorp(corpId, 'records.log');
  }

  /** Per-item record files of earlier versions (`items/<key>.json`), migrated into the log. */
  legacyItemsDir(corpId: string): string {
    return this.inCorp(corpId, 'items');
  }

  packsDir(corpId: string): string {
    return this.inCorp(corpId, 'packs');
  }

  pack(corpId: string, n: number): string {
    if (!Number.isSafeInteger(n) || n < 1) throw new PathContainmentError('bad pack number');
    return digestChild(this.packsDir(corpId), `${String(n).padStart(6, '0')}.pack`);
  }

  partialDir(corpId: string): string {
    return this.inCorp(corpId, 'partial');
  }

  partFile(corpId: string, sdkfileid: string): string {
    return digestChild(this.partialDir(corpId), `${this.itemKey(sdkfileid)}.part`);
  }

  journalFile(corpId: string, sdkfileid: string): string {
    return digestChild(this.partialDir(corpId), `${this.itemKey(sdkfileid)}.json`);
  }

  object(corpId: string, sha256: string): string {
    if (!HEX64.test(sha256)) throw new PathContainmentError('not a SHA-256 content address');
    return digestChild(this.inCorp(corpId, 'objects'), `${sha256.slice(0, 2)}${path.sep}${sha256}`);
  }

  derived(corpId: string, sha256: string, extension: 'wav'): string {
    if (!HEX64.test(sha256)) throw new PathContainmentError('not a SHA-256 content address');
    return digestChild(this.inCorp(corpId, 'derived'), `${sha256}.${extension}`);
  }

  /** A fixed folder of the corp (resolved and checked once). */
  private inCorp(
    corpId: string,
    name: 'records.log' | 'items' | 'packs' | 'partial' | 'objects' | 'derived',
  ): string {
    const key = `${corpId}\n${name}`;
    let dir = this.corpFolders.get(key);
    if (dir === undefined) {
      dir = containedJoin(this.corpDir(corpId), name);
      this.corpFolders.set(key, dir);
    }
    return dir;
  }

  openDir(corpId: string, token: string): string {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(token)) throw new PathContainmentError('bad open-copy token');
    return containedJoin(this.corpDir(corpId), 'open', token);
  }
}

/**
 * A display/file name made safe to be a single path segment or a Content-Disposition value: no
 * separators, no control or bidi-override characters, no dot-only names, bounded length. The
 * result is used only inside a fresh folder of ours (open copies) or as a download suggestion.
 */
const MAX_NAME_BYTES = 200;

export function safeFileName(name: string, fallback = 'file'): string {
  const cleaned = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  let result = cleaned.length === 0 ? fallback : cleaned;
  // Keep the extension when shortening; 200 bytes stays under NAME_MAX (255) for CJK names too.
  if (Buffer.byteLength(result, 'utf8') > MAX_NAME_BYTES) {
    const dot = result.lastIndexOf('.');
    const extension = dot > 0 && result.length - dot <= 16 ? result.slice(dot) : '';
    const base = Array.from(extension ? result.slice(0, dot) : result);
    while (base.length > 0 && Buffer.byteLength(base.join('') + extension, 'utf8') > MAX_NAME_BYTES)
      base.pop();
    result = base.join('') + extension;
  }
  return result;
}
