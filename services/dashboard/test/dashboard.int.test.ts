import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { LocalBlobStore } from '@leakwatch/blob-store';
import { launchChromium } from '@leakwatch/browser';
import { encryptThumbnail } from '@leakwatch/registry';
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
  let dataDir = '';

  beforeAll(async () => {
    const { repos } = testDb();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lw-dashboard-'));
    const thumbnailKey = { id: 'dash-1', key: randomBytes(32) };
    api = await startApi(
      repos,
      {
        THUMBNAIL_KEYS: `${thumbnailKey.id}:${thumbnailKey.key.toString('base64')}`,
        TEXT_FINGERPRINT_KEY: randomBytes(32).toString('base64'),
      },
      { changeFeedUrl: testDb().url, dataDir },
    );
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    email = (await createUser(repos, 'officer')).email;
    // A page and a photo of it: the triage view shows both, blurred, side by side.
    const photo = await sharp({
      create: { width: 600, height: 840, channels: 3, background: '#f4f1ea' },
    })
      .jpeg()
      .toBuffer();
    const { document, page } = await registerFakeDocument(
      repos,
      { classification: 'mat' },
      {
        ciphertext: encryptThumbnail(
          await sharp(photo).resize({ width: 480 }).png().toBuffer(),
          thumbnailKey,
        ),
        keyId: thumbnailKey.id,
      },
    );
    const stored = await new LocalBlobStore(path.join(dataDir, 'blobs')).put(photo, 'image');
    const image = await storeImage(repos, { blobKey: stored.key, width: 600, height: 840 });
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
    await rm(dataDir, { recursive: true, force: true });
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
      // Side by side: the posted picture and the registered page, both blurred until revealed.
      await page.getByRole('heading', { name: 'Đối chiếu ảnh đăng với tài liệu' }).waitFor();
      const pictures = page.locator('img.evidence__image');
      await expect
        .poll(() =>
          // In the page: loaded pictures report their decoded width (0 while loading or broken).
          pictures.evaluateAll((all): number[] =>
            all.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
          ),
        )
        .toEqual([600, 480]);
      await page.getByText('đã làm mờ dữ liệu cá nhân').first().waitFor();
      await page.getByRole('link', { name: 'Sự cố' }).waitFor();
      // An officer watches no sources: that is administrators' work.
      expect(await page.getByRole('link', { name: 'Nguồn theo dõi' }).count()).toBe(0);
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
