import type { Page } from 'playwright-core';

/**
 * Drives the Settings screen (English UI) the way a user does: the add-company form and key import.
 * Playwright waits only (no test-runner API), so the benchmarks use it too.
 */

export interface CorpFormInput {
  corpid: string;
  name: string;
  secret: string;
  libraryPath: string;
  batchLimit?: number;
}

/**
 * The browser shell's library confirmation, as a user does it: ask for it, read the one-time code the
 * shell printed in its terminal (`terminal()`: the shell's output so far), type it back.
 */
export async function confirmLibraryFromSettings(page: Page, terminal: () => string): Promise<void> {
  const before = codesIn(terminal()).length;
  await page.getByRole('button', { name: 'Confirm library' }).click();
  const code = await waitForCode(terminal, before);
  await page.getByLabel('Confirmation code from the terminal').fill(code);
  await page.getByRole('button', { name: 'Confirm code' }).click();
  await page.getByText(/Confirmed — SHA-256 [0-9a-f]{64}/).waitFor();
}

function codesIn(text: string): string[] {
  return [...text.matchAll(/Code \/ 确认码:\s+([A-Z0-9]{5}-[A-Z0-9]{5})/g)].map((match) => match[1] ?? '');
}

/** The first code printed after the `known` ones. */
async function waitForCode(terminal: () => string, known: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const code = codesIn(terminal())[known];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`the shell printed no new confirmation code:\n${terminal()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * From the welcome screen or Settings: fills and saves the add-company form, confirming the library
 * with the code the shell prints (`terminal`); returns the new corp's id.
 */
export async function addCorpFromSettings(
  page: Page,
  input: CorpFormInput,
  terminal: () => string,
): Promise<string> {
  const known = new Set(
    await page.evaluate(() => (window.__archiveTest?.corps() ?? []).map((corp) => corp.id)),
  );
  await page.getByRole('button', { name: 'Add a company' }).first().click();
  await page.getByLabel('Corp ID (corpid)').fill(input.corpid);
  await page.getByLabel('Name', { exact: true }).fill(input.name);
  await page.getByLabel('Chat archive Secret').fill(input.secret);
  await page.getByLabel('SDK library path').fill(input.libraryPath);
  await confirmLibraryFromSettings(page, terminal);
  if (input.batchLimit !== undefined) await page.getByLabel('Batch limit').fill(String(input.batchLimit));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  const handle = await page.waitForFunction(
    (ids) => (window.__archiveTest?.corps() ?? []).find((corp) => !ids.includes(corp.id))?.id ?? false,
    [...known],
  );
  return (await handle.jsonValue()) as string;
}

/** Pastes a private key for a version into the open corp's key import and waits for the confirmation. */
export async function importKeyFromSettings(page: Page, version: number, keyText: string): Promise<void> {
  await page.getByLabel('Key version (publickey_ver)').fill(String(version));
  await page.getByLabel('or paste the private key').fill(keyText);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page
    .getByText(new RegExp(`The v${version} private key was imported`))
    .last()
    .waitFor();
}

export async function goTo(page: Page, view: 'Archive' | 'Pull' | 'Settings'): Promise<void> {
  await page
    .getByRole('button', { name: view })
    .or(page.getByRole('link', { name: view }))
    .first()
    .click();
}
