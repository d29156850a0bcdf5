import { I18nextProvider } from 'react-i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MediaQueueStopDto } from '../../../../../main/contract';
import { MediaQueueStopNotice } from '../../../../../renderer/features/media/MediaQueueStopNotice';
import { createI18n } from '../../../../../renderer/i18n/i18n';

/** The Download-all panel's explanation when the queue stopped on a full disk (issue 14), both languages. */

const stop = (overrides: Partial<MediaQueueStopDto> = {}): MediaQueueStopDto => ({
  cause: 'disk-full',
  code: 'ENOSPC',
  neededBytes: 3 * 1024 * 1024,
  freeBytes: 12 * 1024,
  folder: '/home/u/.local/share/wecom-archive/media',
  at: 0,
  ...overrides,
});

function render(language: 'zh-CN' | 'en', stopped: MediaQueueStopDto): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={createI18n(language)}>
      <MediaQueueStopNotice stopped={stopped} locale={language} />
    </I18nextProvider>,
  );
}

describe('the media queue stopped on a full disk', () => {
  it('explains a full disk in Chinese with the room needed, the free space, the folder and Resume', () => {
    const html = render('zh-CN', stop());
    expect(html).toContain('role="alert"');
    expect(html).toContain('磁盘已满');
    expect(html).toMatch(/至少还需要 3(\.0)?\s?MB/);
    expect(html).toMatch(/可用 12(\.0)?\s?KB/);
    expect(html).toContain('/home/u/.local/share/wecom-archive/media');
    expect(html).toContain('继续');
    // The visible words: no raw key, no errno (that is only in a data attribute for tests).
    expect(html.replace(/<[^>]+>/g, '')).not.toMatch(/media\.downloadAll|ENOSPC/);
  });

  it('tells an exhausted quota apart, in English, and copes with unknown free space', () => {
    const html = render('en', stop({ code: 'EDQUOT', freeBytes: null }));
    expect(html).toContain('disk quota');
    expect(html).not.toContain('is full');
    expect(html).toMatch(/need at least 3(\.0)?\s?MB more\./);
    expect(html).not.toContain('free now');
    expect(html).toContain('Resume');
    expect(html).not.toContain('media.downloadAll');
  });
});
