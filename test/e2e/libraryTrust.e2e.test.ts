import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCorpusDir, standinLibrary } from '../../build/paths';
import {
  demoCorpid,
  demoCorpus,
  demoKeyPem,
  demoSecret,
  screenshot,
  useAppSession,
  pullFromPullScreen,
} from './support/demo';
import { buildMarkerLibrary } from './support/markerLibrary';
import { addCorpFromSettings, importKeyFromSettings } from './support/settingsUi';

/**
 * Issue 17: private keys go only to a host whose library's SHA-256 the user confirmed. A corp is set up
 * by hand with a copy of the stand-in SDK (confirmed with the terminal code), pulls once, and then the
 * file on disk is replaced by a library that exports the SDK's names and writes a marker from its
 * constructor. The next pull stops with the explanation, the replaced file never runs (no marker), so
 * no host received the keys, and the pull screen tells the user what to do.
 */

const session = useAppSession({ port: 47961, language: 'en' });

let dir: string;
let library: string;
let hostile: string;
let marker: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'library-trust-'));
  library = path.join(dir, 'confirmed', 'libWeWorkFinanceSdk_C.so');
  await mkdir(path.dirname(library));
  await copyFile(standinLibrary, library);
  // The stand-in reads its corpus next to itself (native/standin/CORPUS-FORMAT.md).
  await symlink(demoCorpusDir, path.join(dir, 'confirmed', 'standin-data'));
  marker = path.join(dir, 'constructor-ran');
  hostile = path.join(dir, 'hostile.so');
  await buildMarkerLibrary(hostile, marker, { sdkExports: true });
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a confirmed SDK library that changes on disk (browser shell, Chromium)', () => {
  it('stops the next pull with an explanation and never loads the changed file', async () => {
    const { page } = session;
    const corpus = await demoCorpus();
    const corpId = await addCorpFromSettings(
      page,
      { corpid: demoCorpid(), name: 'Trusted library corp', secret: demoSecret(), libraryPath: library },
      () => session.shell.output(),
    );
    await importKeyFromSettings(page, 1, demoKeyPem(1));
    const stored = await pullFromPullScreen(page, corpId, corpus.length);

    // The file the user confirmed is replaced on disk by one with another SHA-256.
    await copyFile(hostile, library);
    await page.getByRole('button', { name: 'Start pull' }).click();
    const explanation = page.getByText(/The SDK library file changed on disk since you confirmed it/);
    await explanation.first().waitFor();
    await screenshot(page, 'library-changed-en');

    expect(existsSync(marker), 'the changed library was loaded by a host').toBe(false);
    const after = await page.evaluate((id) => window.__archiveTest?.counts(id), corpId);
    expect(after?.total).toBe(stored?.total);
    expect(after?.cursor).toBe(stored?.cursor);
    // No secret and no key text in anything the shell wrote.
    const output = session.shell.output();
    expect(output).not.toContain(demoSecret());
    expect(output).not.toContain('PRIVATE KEY');
  });
});
