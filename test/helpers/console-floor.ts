/** Operator sessions in the browser for the floor screens' tests: sign in, and call an admin route from the page as the console does. */
import type { Page } from 'playwright-core';
import type { OperatorRole } from '../../src/platform/http/index.ts';
import type { ConsoleBed } from './browser.ts';
import { addOperator, PASSWORD } from './operators.ts';

let operators = 0;

/** A new operator of `role`, signed in on a fresh page at `hash` (laptop width unless `phone`). */
export async function operatorPage(
  bed: ConsoleBed,
  role: OperatorRole,
  hash = '',
  phone = false,
): Promise<{ page: Page; login: string; problems: string[] }> {
  const login = `${role}.${++operators}`;
  await addOperator(bed.h, login, role);
  const context = await bed.newContext({ phone });
  const page = await context.newPage();
  const problems = bed.watch(page);
  await page.goto(`/console/${hash}`);
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${login} (${role})`).waitFor();
  return { page, login, problems };
}

/** A POST from the page with its session cookie and CSRF token: what a hand-made request of this operator gets. */
export function postFromPage(page: Page, path: string, body: unknown): Promise<{ code: number; msg: string }> {
  return page.evaluate(
    async ([url, payload]) => {
      const me = (await (await fetch('/console/api/me')).json()) as { data: { csrfToken: string } };
      const response = await fetch(url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.data.csrfToken },
        body: JSON.stringify(payload),
      });
      return (await response.json()) as { code: number; msg: string };
    },
    [path, body] as const,
  );
}

/** Waits until a record's facts show `state` (a <dd> holding exactly it). */
export function stateShown(page: Page, state: string): Promise<void> {
  return page
    .getByRole('definition')
    .filter({ hasText: new RegExp(`^${state}$`) })
    .first()
    .waitFor();
}
