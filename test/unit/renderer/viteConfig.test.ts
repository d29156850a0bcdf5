import type { UserConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import rendererViteConfig from '../../../renderer/vite.config';

// The renderer's tsc project cannot import Vite's types (they bring in @types/node), so the config
// is checked against UserConfig here, where Node types are allowed.
const config: UserConfig = rendererViteConfig;

describe('renderer Vite config', () => {
  it('builds the renderer into build/out/renderer with relative URLs and source maps', () => {
    expect(config.root).toMatch(/\/renderer\/$/);
    expect(config.base).toBe('./');
    expect(config.build?.outDir).toBe('../build/out/renderer');
    expect(config.build?.emptyOutDir).toBe(true);
    expect(config.build?.sourcemap).toBe(true);
  });

  it('inlines nothing, so every asset is a same-origin file under the CSP', () => {
    expect(config.build?.assetsInlineLimit).toBe(0);
    expect(config.publicDir).toBe(false);
  });
});
