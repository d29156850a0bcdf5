import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The reviewer's keyboard in the reader (renderer/features/review, cases): what several e2e files do to
 * the current message the way a user does it, each step waited on until the app has taken it.
 */

/** The reader's timeline of one chat. */
export const timelineOf = (page: Page, convId: string) =>
  page.locator(`[data-testid="timeline"][data-conv="${convId}"]`);

/** n: a note on the current message, typed into the note dialog and saved. */
export async function noteByKeyboard(page: Page, text: string): Promise<void> {
  await page.keyboard.press('n');
  const noteDialog = page.getByTestId('note-dialog');
  await noteDialog.getByTestId('note-text').fill(text);
  await noteDialog.getByTestId('note-save').click();
  await noteDialog.waitFor({ state: 'detached' });
}

/** x then c in the chat's timeline: the current message alone selected and put into a new case `name`. */
export async function caseByKeyboard(page: Page, convId: string, name: string): Promise<void> {
  await timelineOf(page, convId).getByTestId('timeline-scroll').focus();
  await page.keyboard.press('x');
  await expect.poll(() => page.getByTestId('selection-count').getAttribute('data-count')).toBe('1');
  await page.keyboard.press('c');
  const caseDialog = page.getByTestId('add-to-case-dialog');
  await caseDialog.getByTestId('case-new-name').fill(name);
  await caseDialog.getByTestId('case-add').click();
  await caseDialog.waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
}
