import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCorpusDir, standinLibrary } from '../../build/paths';
import { REQUIRED_SDK_EXPORTS } from '../../main/services/config/libraryCheck';
import { demoCorpid, demoCorpus, screenshot, useAppSession, waitPullIdle } from './support/demo';
import { addCorpFromSettings, goTo, importKeyFromSettings } from './support/settingsUi';

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

function demoSecret(): string {
  const manifest = JSON.parse(readFileSync(path.join(demoCorpusDir, 'manifest.json'), 'utf8')) as {
    corps: Array<{ secret: string }>;
  };
  return manifest.corps[0]?.secret ?? '';
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'library-trust-'));
  library = path.join(dir, 'confirmed', 'libWeWorkFinanceSdk_C.so');
  await mkdir(path.dirname(library));
  await copyFile(standinLibrary, library);
  // The stand-in reads its corpus next to itself (native/standin/CORPUS-FORMAT.md).
  await symlink(demoCorpusDir, path.join(dir, 'confirmed', 'standin-data'));
  marker = path.join(dir, 'constructor-ran');
  const source = path.join(dir, 'hostile.c');
  await writeFile(
    source,
    `#include <stdio.h>
static void __attribute__((constructor)) hostile(void) {
  FILE *f = fopen(${JSON.stringify(marker)}, "w");
  if (f) { fputs("loaded", f); fclose(f); }
}
${REQUIRED_SDK_EXPORTS.map((name) => `long ${name}(void) { return 0; }`).join('\n')}
`,
  );
  hostile = path.join(dir, 'hostile.so');
  execFileSync('gcc', ['-shared', '-fPIC', '-o', hostile, source]);
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
    await importKeyFromSettings(
      page,
      1,
      readFileSync(path.join(demoCorpusDir, demoCorpid(), 'keys', 'pri_v1.pem'), 'utf8'),
    );
    await goTo(page, 'Pull');
    await page.getByRole('button', { name: 'Start pull' }).click();
    await waitPullIdle(page, corpId);
    await expect
      .poll(async () => (await page.evaluate((id) => window.__archiveTest?.counts(id), corpId))?.total)
      .toBe(corpus.length);
    const stored = await page.evaluate((id) => window.__archiveTest?.counts(id), corpId);

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
