/**
 * The operator console in a real browser: sign-in and lock-out, the session surviving a reload,
 * the menu following the role while the server enforces it, languages and phone width.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSkip, consoleBed } from './helpers/browser.ts';
import { addOperator, PASSWORD } from './helpers/operators.ts';

const skip = browserSkip();

describe('operator console', { skip }, () => {
  const bed = consoleBed();

  test('a wrong password five times locks the login, even for the right password', async () => {
    const { h, newContext, watch } = bed();
    await addOperator(h, 'locked.out', 'admin');
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto('/console/');
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel('Login').fill('locked.out');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Error 4001' }).waitFor();
    }
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Error 4001' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: 'Menu' }).count(), 0, 'still signed out');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('an admin signs in, keeps the session over a reload, and signs out', async () => {
    const { h, newContext, watch } = bed();
    await addOperator(h, 'boss', 'admin');
    const context = await newContext();
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto('/console/');
    await page.getByLabel('Login').fill('boss');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText('Signed in as boss (admin)').waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'ponte_session');
    assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(cookie?.sameSite, 'Strict');
    await page.reload();
    await page.getByText('Signed in as boss (admin)').waitFor();
    // After the reload the CSRF token came back from /console/api/me: a POST still works.
    await page.goto('/console/#/sandbox');
    await page.getByLabel('Advance by (e.g. 30m, 2h, 3d)').fill('1h');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'seller actions planned' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Password').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the menu follows the role, and the server refuses what the role may not do', async () => {
    const { h, newContext } = bed();
    await addOperator(h, 'floor', 'warehouse');
    const context = await newContext();
    const page = await context.newPage();
    await page.goto('/console/');
    await page.getByLabel('Login').fill('floor');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as floor (warehouse)').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Sandbox' }).count(), 0);
    // Not shown is not enough: the same call from this session is refused by the server.
    const answer = await page.evaluate(async () => {
      const me = (await (await fetch('/console/api/me')).json()) as { data: { csrfToken: string } };
      const response = await fetch('/sandbox/clock/advance', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.data.csrfToken },
        body: JSON.stringify({ by: '1h' }),
      });
      return (await response.json()) as { code: number; msg: string };
    });
    assert.equal(answer.code, 4004, answer.msg);
    await context.close();
  });

  test('texts follow the chosen language, and the menu folds away at phone width', async () => {
    const { h, newContext } = bed();
    await addOperator(h, 'phone.user', 'admin');
    const context = await newContext({ phone: true });
    const page = await context.newPage();
    await page.goto('/console/');
    for (const [code, signIn] of [
      ['zh', '登录'],
      ['th', 'เข้าสู่ระบบ'],
      ['vi', 'Đăng nhập'],
      ['es', 'Iniciar sesión'],
    ] as const) {
      await page.getByRole('combobox').selectOption(code);
      await page.getByRole('button', { name: signIn }).waitFor();
    }
    await page.getByRole('combobox').selectOption('en');
    await page.getByLabel('Login').fill('phone.user');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const sandboxLink = page.getByRole('link', { name: 'Sandbox', exact: true });
    assert.equal(await sandboxLink.isVisible(), false, 'the menu is folded at phone width');
    await page.getByRole('button', { name: 'Menu' }).click();
    await sandboxLink.click();
    await page.getByText('Business clock').waitFor();
    await context.close();
  });
});
