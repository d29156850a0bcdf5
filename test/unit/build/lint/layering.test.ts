import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { globToRegExp, resolveTarget } from '../../../../build/lint/importLayers';

/**
 * Lints small in-memory snippets with the repository's own eslint.config.ts, each at a path inside one
 * zone, so a layering rule that stops firing (a renamed folder, a broken glob) fails here.
 */
const root = path.resolve(import.meta.dirname, '../../../..');
const eslint = new ESLint({
  cwd: root,
  // Only the import rules: the snippets are not files of a tsconfig project, so no type information.
  ruleFilter: ({ ruleId }) => ruleId === 'layers/imports' || ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(root, file) });
  if (!result) throw new Error(`no lint result for ${file}`);
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`${file}: ${fatal.map((message) => message.message).join('; ')}`);
  return result.messages.filter((message) => message.ruleId === 'layers/imports').map((m) => m.message);
}

const fires = async (file: string, code: string, expected: RegExp): Promise<void> => {
  const messages = await layerMessages(file, code);
  expect(messages, `${file}: ${code}`).not.toEqual([]);
  for (const message of messages) expect(message).toMatch(expected);
};
const passes = async (file: string, code: string): Promise<void> => {
  expect(await layerMessages(file, code), `${file}: ${code}`).toEqual([]);
};

describe('lint: the layering of the tree', { timeout: 60_000 }, () => {
  // Loading eslint.config.ts (through jiti) and its plugins takes seconds on the first lint.
  beforeAll(async () => {
    await layerMessages('main/common/probe/probe.ts', '');
  }, 120_000);

  it('main/common imports nothing outside main/common', async () => {
    const file = 'main/common/probe/probe.ts';
    await fires(file, `import { readFileSync } from 'node:fs'; void readFileSync;`, /runtime-neutral core/);
    await fires(file, `import { z } from 'zod'; void z;`, /runtime-neutral core/);
    await fires(file, `import { ipcRenderer } from 'electron'; void ipcRenderer;`, /runtime-neutral core/);
    await fires(
      file,
      `import type { CorpDto } from '../../contract/dto'; let c: CorpDto;`,
      /runtime-neutral core/,
    );
    await fires(file, `export { parseU64Decimal } from '../../services/seq';`, /runtime-neutral core/);
    await passes(file, `import { parseU64Decimal } from '../seq/seq'; void parseU64Decimal;`);
    await passes(file, `import { METHOD_NAMES } from '../contract'; void METHOD_NAMES;`);
  });

  it('main/contract builds only on the common core and zod', async () => {
    const file = 'main/contract/probe.ts';
    await fires(
      file,
      `import type { ArchiveService } from '../services/archiveService.types';`,
      /common core and zod/,
    );
    await fires(file, `import { readFile } from 'node:fs/promises'; void readFile;`, /common core and zod/);
    await fires(file, `import { WebSocket } from 'ws'; void WebSocket;`, /common core and zod/);
    await passes(
      file,
      `import { z } from 'zod'; import { METHOD_NAMES } from '../common/contract'; void z; void METHOD_NAMES;`,
    );
    await passes(file, `import type { Result } from './errors';`);
  });

  it('services never import a shell or electron', async () => {
    const file = 'main/services/archive/probe.ts';
    await fires(
      file,
      `import { startWebShellServer } from '../../shell-web/server'; void startWebShellServer;`,
      /shell-agnostic/,
    );
    await fires(file, `import type { BrowserWindow } from 'electron';`, /shell-agnostic/);
    await fires(file, `const m = await import('../../shell-electron/ipc'); void m;`, /shell-agnostic/);
    await fires(
      file,
      `import { dispatchCall } from '../../shell-common/dispatchCall'; void dispatchCall;`,
      /shell-agnostic/,
    );
    await passes(
      file,
      `import { createMediaService } from '../media/mediaService'; void createMediaService;`,
    );
  });

  it('main reaches native/bindings only through the SDK host client', async () => {
    const code = `import { loadFinanceSdk } from '../../../native/bindings/financeSdk'; void loadFinanceSdk;`;
    await fires('main/services/archive/probe.ts', code, /only through the SDK host client/);
    await fires(
      'main/shell-web/probe.ts',
      `export * from '../../native/bindings/financeSdk';`,
      /SDK host client/,
    );
    await passes('main/services/sdkHost/probe.ts', code);
    await passes(
      'main/services/archive/probe.ts',
      `import type { HostRequest } from '../../../native/host/protocol';`,
    );
  });

  it('renderer db, lib, ui, state and bridge never import features or the app', async () => {
    for (const zone of ['db', 'lib', 'ui', 'state', 'bridge']) {
      const file = `renderer/${zone}/probe.ts`;
      await fires(
        file,
        `import { MediaPanel } from '../features/media'; void MediaPanel;`,
        /below the features/,
      );
      await fires(file, `import type { App } from '../app/App';`, /below the features/);
    }
    await passes(
      'renderer/features/media/probe.ts',
      `import { openArchiveDb } from '../../db'; void openArchiveDb;`,
    );
  });

  it('a feature reaches another feature only through its index.ts', async () => {
    const file = 'renderer/features/reading/timeline/probe.ts';
    await fires(
      file,
      `import { MediaPanel } from '../../media/MediaPanel'; void MediaPanel;`,
      /through that feature's index/,
    );
    await fires(
      file,
      `import type { SearchHit } from '../../search/searchTypes';`,
      /through that feature's index/,
    );
    await passes(file, `import { MediaPanel } from '../../media'; void MediaPanel;`);
    await passes(file, `import { MediaPanel } from '../../media/index'; void MediaPanel;`);
    await passes(
      file,
      `import { TimelineItem } from './TimelineItem'; import { x } from '../cards/x'; void TimelineItem; void x;`,
    );
  });

  it('the renderer imports main/common values and main/contract types only', async () => {
    const file = 'renderer/lib/probe.ts';
    await fires(file, `import { methodNames } from '../../main/contract'; void methodNames;`, /types only/);
    await fires(
      file,
      `import type { ArchiveService } from '../../main/services/archiveService.types';`,
      /types only/,
    );
    await fires(
      file,
      `import { hostProtocol } from '../../native/host/protocol'; void hostProtocol;`,
      /types only/,
    );
    await passes(file, `import type { ArchiveApi } from '../../main/contract';`);
    await passes(file, `import { METHOD_NAMES } from '../../main/common/contract'; void METHOD_NAMES;`);
  });
});

describe('lint: path matching of the layering rule', () => {
  it('matches globs by whole path segments', () => {
    expect(globToRegExp('main/common/**').test('main/common')).toBe(true);
    expect(globToRegExp('main/common/**').test('main/common/json/tolerantJson')).toBe(true);
    expect(globToRegExp('main/common/**').test('main/commonx/a')).toBe(false);
    expect(globToRegExp('main/shell-*/**').test('main/shell-web/server')).toBe(true);
    expect(globToRegExp('main/shell-*/**').test('main/services/shell-web')).toBe(false);
    expect(globToRegExp('renderer/{db,ui}/**').test('renderer/ui/Button')).toBe(true);
    expect(globToRegExp('renderer/{db,ui}/**').test('renderer/state/store')).toBe(false);
    expect(globToRegExp('node:*').test('node:fs')).toBe(true);
  });

  it('resolves relative specifiers to repository paths and leaves packages by name', () => {
    const from = path.join(root, 'renderer/features/reading/probe.ts');
    expect(resolveTarget(root, from, '../media/index.ts')).toBe('renderer/features/media');
    expect(resolveTarget(root, from, '../../../main/common/contract')).toBe('main/common/contract');
    expect(resolveTarget(root, from, 'zod')).toBe('zod');
  });
});
