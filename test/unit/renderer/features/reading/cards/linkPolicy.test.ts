import { describe, expect, it } from 'vitest';
import { linkConfirmation, safeHttpUrl } from '../../../../../../renderer/features/reading/cards/linkPolicy';

describe('links from archived messages', () => {
  it('accepts only http(s) URLs', () => {
    expect(safeHttpUrl(' https://example.com/a?b=1 ')?.href).toBe('https://example.com/a?b=1');
    expect(safeHttpUrl('http://例子.测试/')?.host).toBe('xn--fsqu00a.xn--0zwm56d');
    for (const refused of [
      "javascript:alert('link')",
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'smb://host/share',
      'weixin://dl/chat',
      '//example.com/x',
      'example.com',
      '',
    ])
      expect(safeHttpUrl(refused), refused).toBeNull();
  });

  it('is confirmed once: by main in Electron, by the renderer in the browser shell or before the shell is known', () => {
    expect(linkConfirmation('https://example.com/', 'electron')).toBe('main');
    expect(linkConfirmation('https://example.com/', 'web')).toBe('renderer');
    expect(linkConfirmation('https://example.com/', null)).toBe('renderer');
    // A refused URL is explained by the renderer everywhere (main would refuse it silently).
    expect(linkConfirmation('javascript:alert(1)', 'electron')).toBe('renderer');
    expect(linkConfirmation('file:///etc/passwd', 'electron')).toBe('renderer');
  });
});
