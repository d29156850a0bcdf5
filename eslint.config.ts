import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './build/lint/importLayers';
import type { LayerOptions } from './build/lint/importLayers';

/**
 * One lint gate (docs/style.md §1, §11): layering zones, security bans, type-aware promise rules.
 * Zones: `electron` only in main/shell-electron and main/preload; `koffi` only in native/bindings;
 * the renderer imports nothing from node; the folder layering is `layers` below.
 */
const unsafeDomSyntax = [
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: 'No raw HTML: render untrusted archive content as text (docs/style.md §11).',
  },
  {
    selector: 'AssignmentExpression > MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
    message: 'No innerHTML/outerHTML assignment: archive content is untrusted.',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'No insertAdjacentHTML: archive content is untrusted.',
  },
];

/**
 * The folder layering (docs/ARCHITECTURE.md), checked on resolved paths by build/lint/importLayers.ts;
 * test/unit/build/lint/layering.test.ts proves each zone still fires.
 */
export const layers: LayerOptions = {
  root: import.meta.dirname,
  zones: [
    {
      files: ['main/common/**'],
      allow: ['main/common/**'],
      message:
        'main/common is the runtime-neutral core: it imports only main/common (no node:, electron, zod or any package)',
    },
    {
      files: ['main/contract/**'],
      allow: ['main/common/**', 'main/contract/**', 'zod'],
      message: 'main/contract builds only on the common core and zod',
    },
    {
      files: ['main/services/**'],
      deny: ['main/shell-*/**', 'electron', 'electron/**'],
      message: 'Services stay shell-agnostic: no main/shell-* and no electron',
    },
    {
      files: ['main/**'],
      ignores: ['main/services/sdkHost/**'],
      deny: ['native/bindings/**'],
      message: 'main reaches the SDK bindings only through the SDK host client (main/services/sdkHost)',
    },
    {
      files: ['renderer/{db,lib,ui,state,bridge}/**'],
      deny: ['renderer/features/**', 'renderer/app/**'],
      message:
        'renderer db, lib, ui, state and bridge sit below the features and the app: they never import them',
    },
    {
      files: ['renderer/**'],
      typeOnly: ['main/contract/**'],
      deny: ['main/**', 'native/**'],
      except: ['main/common/**'],
      message: 'The renderer imports values only from main/common, and main/contract as types only',
    },
  ],
  features: {
    root: 'renderer/features',
    message: "A feature reaches another feature only through that feature's index.ts",
  },
};

const koffiBan = {
  name: 'koffi',
  message: 'koffi is imported only by native/bindings (the SDK runs in its own process).',
};
const electronBan = {
  name: 'electron',
  message: 'electron is imported only by main/shell-electron and main/preload; services stay shell-agnostic.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'build/out/',
      'test-results/',
      'playwright-report/',
      'native/standin/fixtures/',
      'native/standin/selftest/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['main/**/*.ts', 'renderer/**/*.{ts,tsx}', 'native/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/imports': ['error', layers] },
  },
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.es2023 },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-syntax': ['error', ...unsafeDomSyntax],
      'no-restricted-imports': ['error', { paths: [koffiBan, electronBan] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['native/**/*.ts', 'main/**/*.ts', 'build/**/*.ts', 'test/**/*.ts', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['native/bindings/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan] }] },
  },
  {
    files: [
      'main/shell-electron/**/*.ts',
      'main/preload/**/*.ts',
      'build/hooks/**/*.ts',
      'test/electron/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: [koffiBan] }] },
  },
  {
    // shell.openExternal is allowed only behind the confirmation guard in main/shell-electron/externalLinks.ts.
    files: ['main/**/*.ts'],
    ignores: ['main/shell-electron/externalLinks.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...unsafeDomSyntax,
        {
          selector: "CallExpression[callee.property.name='openExternal']",
          message:
            'Open external URLs only through main/shell-electron/externalLinks.ts (asks the user first).',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [koffiBan, electronBan],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto'],
              message: 'The renderer runs sandboxed: no Node modules.',
            },
          ],
        },
      ],
    },
  },
);
