/**
 * The renderer's Vite build (`npx vite build --config renderer/vite.config.ts`; build/scripts/steps.ts
 * runs the same file). No `import from 'vite'`: its types pull in @types/node, and this file is part
 * of the renderer's tsc project, which must stay free of Node types (docs/style.md §1). The config is
 * type-checked against Vite's UserConfig in test/unit/renderer/viteConfig.test.ts instead.
 */
// `as const` keeps literals ('automatic', false) from widening to string/boolean, which Vite's types reject.
const rendererRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default {
  root: rendererRoot,
  // Relative asset URLs work under both app://renderer/ (Electron) and http://127.0.0.1:<port>/.
  base: './',
  publicDir: false,
  // Vite 8 transforms TSX with oxc; the automatic runtime matches tsconfig's `jsx: react-jsx`.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../build/out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2023',
    // Every asset is a file: nothing inlined as data: URLs, so the CSP stays the whole story.
    assetsInlineLimit: 0,
    // The modulepreload polyfill is for old browsers; Chromium and Electron support modulepreload natively.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', strictPort: true },
} as const;
