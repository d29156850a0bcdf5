import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from '../../../../../main/services/media/httpRange';
import { contentDisposition, mediaHttpResponse } from '../../../../../main/services/media/mediaHttp';
import * as mediaPaths from '../../../../../main/services/media/mediaPaths';
import { isForeignRequest, tokenFromMediaPath } from '../../../../../main/services/media/mediaRoute';
import { MediaTokens } from '../../../../../main/services/media/mediaTokens';

describe('Range parsing', () => {
  it('reads the single-range forms', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=500-', 1000)).toEqual({ start: 500, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange(' Bytes = 1 - 2 ', 1000)).toEqual({ start: 1, end: 2 });
  });

  it('answers unsatisfiable past the end, and ignores what it does not understand', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange('bytes=5-1', 1000)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
    expect(parseRange('bytes=-', 1000)).toBeNull();
    expect(parseRange('bytes=99999999999999999999-', 1000)).toBeNull();
  });
});

describe('media responses', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'media-http-'));
    file = path.join(dir, 'object');
    await writeFile(file, Buffer.from('0123456789'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves 200, 206 with Content-Range, 416, HEAD and 405, always no-store', async () => {
    const media = { file, mime: 'video/mp4' };
    const whole = await mediaHttpResponse(media, 'GET', undefined);
    expect(whole).toMatchObject({ status: 200, body: { start: 0, end: 9 } });
    expect(whole.headers).toMatchObject({
      'Content-Length': '10',
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Type': 'video/mp4',
    });
    const part = await mediaHttpResponse(media, 'GET', 'bytes=5-');
    expect(part).toMatchObject({ status: 206, body: { start: 5, end: 9 } });
    expect(part.headers).toMatchObject({ 'Content-Range': 'bytes 5-9/10', 'Content-Length': '5' });
    const beyond = await mediaHttpResponse(media, 'GET', 'bytes=10-');
    expect(beyond).toMatchObject({ status: 416, body: null, headers: { 'Content-Range': 'bytes */10' } });
    expect(await mediaHttpResponse(media, 'HEAD', 'bytes=0-1')).toMatchObject({ status: 206, body: null });
    expect(await mediaHttpResponse(media, 'POST', undefined)).toMatchObject({ status: 405 });
    expect(await mediaHttpResponse(null, 'GET', undefined)).toMatchObject({ status: 404, body: null });
    expect(
      await mediaHttpResponse({ file: path.join(dir, 'gone'), mime: 'image/png' }, 'GET', undefined),
    ).toMatchObject({ status: 404 });
  });

  it('serves a file stored in a pack as its own bytes: ranges count from its start', async () => {
    // Bytes 3..6 of the pack ("3456") are the file.
    const media = { file, mime: 'image/png', segment: { offset: 3, length: 4 } };
    const whole = await mediaHttpResponse(media, 'GET', undefined);
    expect(whole).toMatchObject({ status: 200, body: { file, start: 3, end: 6 } });
    expect(whole.headers['Content-Length']).toBe('4');
    const tail = await mediaHttpResponse(media, 'GET', 'bytes=2-');
    expect(tail).toMatchObject({ status: 206, body: { start: 5, end: 6 } });
    expect(tail.headers['Content-Range']).toBe('bytes 2-3/4');
    const suffix = await mediaHttpResponse(media, 'GET', 'bytes=-1');
    expect(suffix).toMatchObject({ status: 206, body: { start: 6, end: 6 } });
    expect(await mediaHttpResponse(media, 'GET', 'bytes=4-')).toMatchObject({ status: 416 });
    // A pack that does not reach the end of the segment (cut short): nothing is served.
    const cut = { ...media, segment: { offset: 8, length: 5 } };
    expect(await mediaHttpResponse(cut, 'GET', undefined)).toMatchObject({ status: 404, body: null });
  });

  it('names downloads with an ASCII fallback and the exact UTF-8 name', async () => {
    expect(contentDisposition('资料 "a".docx')).toBe(
      `attachment; filename="__ _a_.docx"; filename*=UTF-8''%E8%B5%84%E6%96%99%20%22a%22.docx`,
    );
    const answer = await mediaHttpResponse(
      { file, mime: 'application/octet-stream', downloadName: 'x.pdf' },
      'GET',
      null,
    );
    expect(answer.headers['Content-Disposition']).toContain('filename="x.pdf"');
  });
});

describe('containment', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'media-root-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('refuses joins that leave the root', () => {
    expect(mediaPaths.isContained('/a/b', '/a/b/c')).toBe(true);
    expect(mediaPaths.isContained('/a/b', '/a/bc')).toBe(false);
    expect(mediaPaths.isContained('/a/b', '/a/b/../c')).toBe(false);
    expect(mediaPaths.containedJoin(root, 'x', 'y')).toBe(path.join(root, 'x', 'y'));
    for (const hostile of ['..', '../x', '/etc/passwd', 'x/../../y', 'a\0b']) {
      expect(() => mediaPaths.containedJoin(root, hostile), hostile).toThrow(mediaPaths.PathContainmentError);
    }
    expect(() => mediaPaths.containedJoin(root, '.')).toThrow(mediaPaths.PathContainmentError);
  });

  it('addresses corps, items and objects only by digests', () => {
    const paths = new mediaPaths.MediaPaths(root);
    const corp = paths.corpDir('../../etc');
    expect(path.dirname(corp)).toBe(paths.root);
    expect(path.basename(paths.journalFile('corp', '../../../x'))).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(path.basename(paths.partFile('corp', '../../../x'))).toMatch(/^[0-9a-f]{64}\.part$/);
    expect(path.dirname(paths.recordLog('../../etc'))).toBe(corp);
    expect(() => paths.object('corp', '../../../../etc/passwd')).toThrow(mediaPaths.PathContainmentError);
    expect(() => paths.object('corp', 'A'.repeat(64))).toThrow(mediaPaths.PathContainmentError);
    expect(() => paths.openDir('corp', '../x')).toThrow(mediaPaths.PathContainmentError);
  });

  it('follows symlinks before deciding', async () => {
    const inside = path.join(root, 'inside');
    await writeFile(inside, 'x');
    const link = path.join(root, 'link');
    await symlink('/etc/hostname', link);
    expect(await mediaPaths.isReallyContained(root, inside)).toBe(true);
    expect(await mediaPaths.isReallyContained(root, link)).toBe(false);
    expect(await mediaPaths.isReallyContained(root, path.join(root, 'missing'))).toBe(false);
  });

  it('issues opaque tokens and resolves only those, only inside the root', async () => {
    const tokens = new MediaTokens(root);
    const token = tokens.issue({ file: path.join(root, 'inside'), mime: 'image/png' });
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await tokens.resolve(token)).toMatchObject({ mime: 'image/png' });
    expect(await tokens.resolve(`${token}x`)).toBeNull();
    const escaped = tokens.issue({ file: path.join(root, 'link'), mime: 'image/png' });
    expect(await tokens.resolve(escaped)).toBeNull();
    expect(tokenFromMediaPath(`/media/${token}`)).toBe(token);
    expect(tokenFromMediaPath('/media/../secrets.json')).toBeNull();
    expect(tokenFromMediaPath('/renderer/index.html')).toBeNull();
    expect(isForeignRequest('cross-site')).toBe(true);
    expect(isForeignRequest('same-site')).toBe(true);
    expect(isForeignRequest('same-origin')).toBe(false);
    expect(isForeignRequest(undefined)).toBe(false);
  });

  it.each([
    ['../../etc/passwd', '_.._etc_passwd'],
    ['..', 'file'],
    ['', 'file'],
    ['a/b\\c.txt', 'a_b_c.txt'],
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['report\u0000\u0007.txt', 'report.txt'],
    ['资料.docx', '资料.docx'],
  ])('makes the file name %j safe to be one path segment', (name, safe) => {
    expect(mediaPaths.safeFileName(name)).toBe(safe);
  });

  it('shortens a long file name and keeps its extension', () => {
    const long = mediaPaths.safeFileName(`${'很长的文件名'.repeat(50)}.docx`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long.endsWith('.docx')).toBe(true);
  });
});
