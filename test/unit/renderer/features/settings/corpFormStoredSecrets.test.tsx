import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { CorpDto } from '../../../../../main/contract';
import { AppServicesContext, type AppServices } from '../../../../../renderer/features/appServices';
import { CorpForm } from '../../../../../renderer/features/settings/CorpForm';
import { createI18n } from '../../../../../renderer/i18n/i18n';
import { AppStoreContext, createAppStore } from '../../../../../renderer/state';

/**
 * The optional secrets main may hold (contact Secret, proxy credentials): the form says which are
 * stored and offers to delete only those; it never shows a value (main never sends one).
 */

const corp = (overrides: Partial<CorpDto>): CorpDto => ({
  id: 'c1',
  corpid: 'ww0000000000000001',
  name: 'Acme',
  hasSecret: true,
  hasContactSecret: false,
  keys: [],
  libraryPath: null,
  librarySha256: null,
  proxyUrl: 'http://proxy.example:3128',
  hasProxyCredentials: false,
  timeoutSec: 10,
  batchLimit: 1000,
  apiBaseUrl: 'https://qyapi.weixin.qq.com',
  scheduleMinutes: null,
  isDemo: true,
  lastSuccessAt: null,
  ...overrides,
});

/** The form's first render; rendering calls no service, so none is given. */
function render(dto: CorpDto, justCreated = false): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={createI18n('en')}>
      <AppStoreContext.Provider value={createAppStore()}>
        <AppServicesContext.Provider value={{} as AppServices}>
          <CorpForm corp={dto} justCreated={justCreated} />
        </AppServicesContext.Provider>
      </AppStoreContext.Provider>
    </I18nextProvider>,
  );
}

/** The text of each field's hint, in order. */
const hints = (html: string) => [...html.matchAll(/class="field__hint"[^>]*>([^<]*)</g)].map((m) => m[1]);
const clearBoxes = (html: string) => html.match(/Delete the stored value/g)?.length ?? 0;

describe('CorpForm stored secrets', () => {
  it('offers nothing to delete when neither optional secret is stored', () => {
    const html = render(corp({}));
    expect(clearBoxes(html)).toBe(0);
    expect(hints(html).filter((hint) => hint?.startsWith('stored'))).toEqual([
      // Only the required Secret, which is stored.
      expect.stringContaining('stored'),
    ]);
  });

  it('marks the stored contact Secret and offers to delete it, not the proxy credentials', () => {
    const html = render(corp({ hasContactSecret: true }));
    expect(clearBoxes(html)).toBe(1);
    const stored = hints(html).filter((hint) => hint?.startsWith('stored'));
    expect(stored).toHaveLength(2);
    // The box follows the contact Secret's field, before the library path.
    const box = html.indexOf('Delete the stored value');
    expect(box).toBeGreaterThan(html.indexOf('Customer contact Secret'));
    expect(box).toBeLessThan(html.indexOf('Proxy credentials'));
  });

  it('offers to delete each when both are stored, each box after its own field', () => {
    const html = render(corp({ hasContactSecret: true, hasProxyCredentials: true }));
    expect(clearBoxes(html)).toBe(2);
    const second = html.lastIndexOf('Delete the stored value');
    expect(second).toBeGreaterThan(html.indexOf('Proxy credentials'));
    expect(html).toMatch(/type="password"/);
  });

  it('ends with the last save’s outcome, then Save (a submit) and Close', () => {
    const fresh = render(corp({}));
    expect(fresh).not.toContain('Saved.');
    const html = render(corp({}), true);
    const saved = html.indexOf('Saved.');
    const save = html.search(/<button type="submit"[^>]*>Save<\/button>/);
    expect(saved).toBeGreaterThan(html.indexOf('Proxy credentials'));
    expect(save).toBeGreaterThan(saved);
    expect(html.indexOf('>Close</button>')).toBeGreaterThan(save);
  });
});
