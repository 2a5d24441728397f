import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@leakwatch/browser';
import {
  matchAlert,
  recordAlert,
  recordSighting,
  registerFakeDocument,
  storeImage,
  useTestDatabase,
} from '@leakwatch/testkit';
import { createUser, startApi, testPassword } from '../../api/test/support/api-harness.js';

/**
 * The built dashboard, served by the real API, driven in Debian's Chromium: sign in, see the
 * triage queue in Vietnamese, switch to English, confirm a leak, open its incident. The build
 * is an input (bash infra/setup.sh or `pnpm --filter @leakwatch/dashboard build` make it).
 */
const built = existsSync(new URL('../dist/index.html', import.meta.url));
if (!built)
  console.warn(
    'services/dashboard/dist is missing: skipping the browser test. Build it with `pnpm --filter @leakwatch/dashboard build`.',
  );

const testDb = useTestDatabase();

describe.skipIf(!built)('dashboard in Chromium against the real API', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Browser;
  let base = '';
  let email = '';
  let alertId = '';

  beforeAll(async () => {
    const { repos } = testDb();
    api = await startApi(repos);
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    email = (await createUser(repos, 'officer')).email;
    const { document, page } = await registerFakeDocument(repos, { classification: 'mat' });
    const image = await storeImage(repos);
    await recordSighting(repos, image, { groupKey: 'nhom-dashboard' });
    const { alert } = await recordAlert(repos, {
      image,
      alert: matchAlert(
        { documentId: document.id, pageId: page.id },
        {
          findings: [
            { kind: 'cccd', count: 12 },
            { kind: 'person-name', count: 12 },
          ],
        },
      ),
    });
    alertId = alert.id;
    browser = await launchChromium(process.env['CHROMIUM_PATH']);
  });

  afterAll(async () => {
    await browser.close();
    await api.close();
  });

  it('signs in, shows the queue in Vietnamese, switches to English and confirms the leak', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page: Page = await context.newPage();
    // Script errors and CSP refusals ("Refused to …") land here: the page must run under the
    // API's CSP. The 401s of asking who is signed in before signing in, and of the wrong
    // password, are expected answers.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !/^Failed to load resource: .* 401 /.test(text))
        problems.push(`console: ${text}`);
    });
    try {
      await page.goto(`${base}/triage`);
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await page.getByLabel('Thư điện tử').fill(email);
      await page.getByLabel('Mật khẩu').fill('sai mật khẩu rồi');
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByText('Thư điện tử hoặc mật khẩu không đúng.').waitFor();
      await page.getByLabel('Mật khẩu').fill(testPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();

      await page.getByRole('heading', { name: 'Xử lý cảnh báo' }).waitFor();
      const group = page.getByRole('button', { name: /Danh sách F1 phường 3/ });
      await expect(group.textContent()).resolves.toContain('1 cảnh báo');
      await page.getByRole('link', { name: 'Sự cố' }).waitFor();
      // An officer sees no administration.
      expect(await page.getByRole('link', { name: 'Quản trị' }).count()).toBe(0);
      // Vietnamese is the default: remembered nowhere yet.
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Triage' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      const confirm = page.getByRole('button', { name: 'Confirm leak (1)' });
      await expect(confirm.isEnabled()).resolves.toBe(true);
      // The keyboard shortcut, not the button: c confirms the selected group.
      await page.keyboard.press('c');
      await page.getByText('Confirmed 1 alert: Danh sách F1 phường 3').waitFor();
      await page.getByText('No new alerts. This list refreshes by itself.').waitFor();

      const [stored] = await testDb().repos.triage.alertsByIds([alertId]);
      expect(stored?.status).toBe('confirmed');
      expect(stored?.incidentId).toBeTruthy();

      await page.getByRole('link', { name: 'Open the new incident' }).click();
      await page.getByRole('heading', { name: 'Danh sách F1 phường 3' }).waitFor();
      // A secret document exposing a dozen named people's ID numbers (as in triage.int.test.ts).
      await page.getByText('Critical').first().waitFor();
      await page
        .getByText(/ left$/)
        .first()
        .waitFor();

      // The choice of language survives a reload (localStorage); the address stays put (SPA fallback).
      await page.reload();
      await page.getByRole('heading', { name: 'Danh sách F1 phường 3' }).waitFor();
      await page.getByRole('heading', { name: 'Deadlines' }).waitFor();

      await page.locator('summary', { hasText: 'Cán bộ officer' }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
