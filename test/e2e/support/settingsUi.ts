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

/** From the welcome screen or Settings: fills and saves the add-company form; returns the new corp's id. */
export async function addCorpFromSettings(page: Page, input: CorpFormInput): Promise<string> {
  const known = new Set(
    await page.evaluate(() => (window.__archiveTest?.corps() ?? []).map((corp) => corp.id)),
  );
  await page.getByRole('button', { name: 'Add a company' }).first().click();
  await page.getByLabel('Corp ID (corpid)').fill(input.corpid);
  await page.getByLabel('Name', { exact: true }).fill(input.name);
  await page.getByLabel('Chat archive Secret').fill(input.secret);
  await page.getByLabel('SDK library path').fill(input.libraryPath);
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
