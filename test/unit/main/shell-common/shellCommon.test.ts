import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonLog } from '../../../../main/shell-common/jsonLog';
import { mimeTypeOf, resolveRendererPath } from '../../../../main/shell-common/rendererFiles';

describe('renderer path containment', () => {
  const root = path.resolve('/srv/renderer');

  it('maps / to index.html and decodes percent-escapes inside the root', () => {
    expect(resolveRendererPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererPath(root, '/assets/%E4%B8%AD.js')).toBe(path.join(root, 'assets', '中.js'));
  });

  it.each([
    '/..',
    '/../x',
    '/%2e%2e/x',
    '/a/../../x',
    '/..%2f..%2fetc/passwd',
    '/a%5c..%5cx',
    '/%00',
    '/%zz',
    'relative',
  ])('refuses %s', (urlPath) => {
    expect(resolveRendererPath(root, urlPath)).toBeNull();
  });

  it('does not treat a sibling with the same prefix as inside', () => {
    expect(resolveRendererPath(root, '/../renderer-evil/x.js')).toBeNull();
  });

  it('knows the renderer MIME types and falls back to octet-stream', () => {
    expect(mimeTypeOf('a.WASM')).toBe('application/wasm');
    expect(mimeTypeOf('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});

describe('json log', () => {
  it('writes one JSON line per entry and redacts secret-looking fields', () => {
    const lines: string[] = [];
    const log = createJsonLog(
      (line) => lines.push(line),
      () => new Date(0),
    );
    log('warn', 'saved corp', {
      corpId: 'c1',
      secret: 's3cr3t',
      proxyCredentials: 'u:p',
      privateKey: 'PEM',
      token: 't',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'warn',
      message: 'saved corp',
      corpId: 'c1',
      secret: '[redacted]',
      proxyCredentials: '[redacted]',
      privateKey: '[redacted]',
      token: '[redacted]',
    });
  });

  it('keeps the message when fields cannot be serialised', () => {
    const lines: string[] = [];
    const log = createJsonLog((line) => lines.push(line));
    log('info', 'big', { seq: 10n });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ message: 'big', fields: '[unserialisable]' });
  });
});
