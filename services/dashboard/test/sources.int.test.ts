import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@leakwatch/browser';
import type { Repositories } from '@leakwatch/db';
import { recordSighting, storeImage, useTestDatabase } from '@leakwatch/testkit';
import { createUser, startApi, testPassword } from '../../api/test/support/api-harness.js';

/**
 * The Sources page in Chromium against the real API: a wrong address explained (before and by
 * the API), a group added, paused and crawled on request, and sources the crawler found behind
 * a login wall or blocked shown with their badge and last error.
 */
const built = existsSync(new URL('../dist/index.html', import.meta.url));
if (!built)
  console.warn(
    'services/dashboard/dist is missing: skipping the browser test. Build it with `pnpm --filter @leakwatch/dashboard build`.',
  );

const testDb = useTestDatabase();
const hour = 3_600_000;

/** A group the crawler has visited, with what it found and how the last visit ended. */
async function plantGroup(
  repos: Repositories,
  group: { key: string; name: string; images: number },
  crawl: Parameters<Repositories['sources']['recordCrawl']>[1],
) {
  let sourceId = '';
  for (let i = 0; i < group.images; i += 1)
    sourceId = (await recordSighting(repos, await storeImage(repos), { groupKey: group.key }))
      .source.id;
  if (!sourceId)
    sourceId = (
      await repos.sources.upsert({
        kind: 'group',
        url: `https://www.facebook.com/groups/${group.key}`,
        canonicalKey: `group:${group.key}`,
      })
    ).source.id;
  await repos.sources.update(sourceId, { name: group.name });
  await repos.sources.recordCrawl(sourceId, crawl);
  return sourceId;
}

describe.skipIf(!built)('sources page in Chromium against the real API', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Browser;
  let base = '';
  let email = '';

  beforeAll(async () => {
    const { repos } = testDb();
    // With the change feed, as `pnpm start` runs it: the shell listens for live updates.
    api = await startApi(repos, {}, { changeFeedUrl: testDb().url });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    email = (await createUser(repos, 'admin')).email;
    const now = Date.now();
    await plantGroup(
      repos,
      { key: 'hoinhungnguoiyeudalat', name: 'Hội những người yêu Đà Lạt', images: 3 },
      {
        state: 'healthy',
        failureCount: 0,
        nextCrawlAt: new Date(now + 25 * 60_000),
        blockedUntil: null,
        lastError: null,
        crawledAt: new Date(now - 5 * 60_000),
      },
    );
    browser = await launchChromium(process.env['CHROMIUM_PATH']);
  });

  afterAll(async () => {
    await browser.close();
    await api.close();
  });

  it('adds a group by address, pauses it, crawls it on request, shows walls and blocks, renews cookies and removes', async () => {
    const { repos } = testDb();
    const context = await browser.newContext({
      locale: 'vi-VN',
      viewport: { width: 1440, height: 900 },
    });
    const page: Page = await context.newPage();
    // The 401 of asking who is signed in before signing in, and the API's 400 for a non-Facebook
    // address, are expected answers; anything else on the console is a fault.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !/^Failed to load resource: .* (401|400) /.test(text))
        problems.push(`console: ${text}`);
    });
    try {
      await page.goto(`${base}/sources`);
      await page.getByLabel('Thư điện tử').fill(email);
      await page.getByLabel('Mật khẩu').fill(testPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('heading', { name: 'Nguồn theo dõi', level: 1 }).waitFor();
      await page.getByRole('row', { name: /Hội những người yêu Đà Lạt/ }).waitFor();

      const address = page.getByLabel('Địa chỉ trang, nhóm hoặc bài viết Facebook');
      const add = page.getByRole('button', { name: 'Thêm nguồn' });
      // Explained before asking the API: a group address without the group.
      await address.fill('https://www.facebook.com/groups/');
      await add.click();
      await page
        .getByText('Địa chỉ nhóm có dạng facebook.com/groups/<tên hoặc mã nhóm>.')
        .waitFor();
      // Another site goes to the API (which alone knows the configured stand-ins) and is refused.
      await address.fill('https://zalo.me/g/congdongducTrong');
      await add.click();
      await page.getByText('zalo.me không phải Facebook', { exact: false }).waitFor();
      await page.getByText('zalo.me is not Facebook', { exact: false }).waitFor();
      expect(await address.getAttribute('aria-invalid')).toBe('true');
      expect(await repos.sources.list()).toHaveLength(1);

      await address.fill('https://m.facebook.com/groups/CongDongDucTrong/?ref=share');
      await page.getByText('Sẽ theo dõi: Nhóm (group:congdongductrong)').waitFor();
      await page.getByLabel('Tên gợi nhớ (không bắt buộc)').fill('Cộng đồng Đức Trọng');
      await page.getByLabel('Tần suất quét').selectOption({ label: 'Mỗi 1 giờ' });
      await add.click();
      await page
        .getByText('Đã thêm nguồn Cộng đồng Đức Trọng. Lần quét đầu tiên sẽ bắt đầu trong ít phút.')
        .waitFor();
      const row = page.getByRole('row', { name: /Cộng đồng Đức Trọng/ });
      await row.getByText('Chưa quét', { exact: true }).waitFor();
      const added = await repos.sources.findByCanonicalKey('group:congdongductrong');
      expect(added).toMatchObject({
        url: 'https://www.facebook.com/groups/CongDongDucTrong',
        name: 'Cộng đồng Đức Trọng',
        cadenceSeconds: 3_600,
        paused: false,
      });
      const addedId = added?.id ?? '';

      // The same group in another spelling is recognised before sending.
      await address.fill('facebook.com/groups/congdongductrong');
      await add.click();
      await page.getByText('Nguồn này đã có trong danh sách: Cộng đồng Đức Trọng.').waitFor();
      await address.fill('');

      await page.getByRole('button', { name: 'Tạm dừng: Cộng đồng Đức Trọng' }).click();
      await page.getByText('Đã tạm dừng nguồn Cộng đồng Đức Trọng.').waitFor();
      await row.getByText('Tạm dừng', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Tiếp tục: Cộng đồng Đức Trọng' }).waitFor();
      expect((await repos.sources.findById(addedId))?.paused).toBe(true);

      await page.getByRole('button', { name: 'Quét ngay: Cộng đồng Đức Trọng' }).click();
      await page.getByText('Đã yêu cầu quét ngay Cộng đồng Đức Trọng.', { exact: false }).waitFor();
      const requested = await repos.audit.list({
        action: 'source.crawl_requested',
        targetId: addedId,
      });
      expect(requested).toHaveLength(1);

      // What the crawler recorded meanwhile: a login wall with the account's cookies expired,
      // and a block that forbids visits for hours.
      const now = Date.now();
      const account = await repos.monitoringAccounts.create({
        label: 'Giám sát Sở Y tế 1',
        storageStateCiphertext: Buffer.from('sealed elsewhere'),
      });
      if (!account) throw new Error('account not created');
      await repos.monitoringAccounts.recordUse(account.id, {
        state: 'login_required',
        stateUntil: null,
        lastError: 'Log into Facebook',
      });
      const walled = await plantGroup(
        repos,
        { key: 'tinnongbaoloc', name: 'Tin nóng Bảo Lộc', images: 1 },
        {
          state: 'login_required',
          failureCount: 2,
          nextCrawlAt: new Date(now + 6 * hour),
          blockedUntil: null,
          lastError:
            'Log into Facebook (monitoring account "Giám sát Sở Y tế 1" is login_required)',
          crawledAt: new Date(now - 40 * 60_000),
        },
      );
      await repos.sources.update(walled, { accountId: account.id });
      await plantGroup(
        repos,
        { key: 'chodalatonline', name: 'Chợ Đà Lạt online', images: 0 },
        {
          state: 'blocked',
          failureCount: 1,
          nextCrawlAt: new Date(now + 6 * hour),
          blockedUntil: new Date(now + 6 * hour),
          lastError: 'You’re Temporarily Blocked',
          crawledAt: new Date(now - 2 * hour),
        },
      );
      await page.reload();

      const sourcesTable = page.getByRole('table', { name: 'Các nguồn đang theo dõi' });
      const walledRow = sourcesTable.getByRole('row', { name: /Tin nóng Bảo Lộc/ });
      await walledRow.getByText('Cần đăng nhập', { exact: true }).waitFor();
      await walledRow
        .getByText('Log into Facebook (monitoring account', { exact: false })
        .waitFor();
      await walledRow
        .getByText('Phiên đăng nhập của tài khoản giám sát đã hết', { exact: false })
        .waitFor();
      const blockedRow = sourcesTable.getByRole('row', { name: /Chợ Đà Lạt online/ });
      await blockedRow.getByText('Bị chặn', { exact: true }).waitFor();
      await blockedRow.getByText('You’re Temporarily Blocked').waitFor();
      await expect(
        page.getByRole('button', { name: 'Quét ngay: Chợ Đà Lạt online' }).isDisabled(),
      ).resolves.toBe(true);
      // Needing a person comes first in the list.
      const order = await page
        .locator('.sources-table tbody th[scope="row"] .sources-table__name')
        .allTextContents();
      expect(order[0]).toBe('Tin nóng Bảo Lộc');
      const healthy = sourcesTable.getByRole('row', { name: /Hội những người yêu Đà Lạt/ });
      await healthy.getByText('Hoạt động tốt', { exact: true }).waitFor();
      await expect(healthy.locator('td.numeric').allTextContents()).resolves.toEqual(['3', '3']);

      const accountRow = page
        .getByRole('table', { name: 'Tài khoản giám sát' })
        .getByRole('row', { name: /Giám sát Sở Y tế 1/ });
      await accountRow.getByText('Cần đăng nhập', { exact: true }).waitFor();
      await accountRow.getByText('Tin nóng Bảo Lộc').waitFor();

      if (process.env['LEAKWATCH_SCREENSHOTS'] === '1') {
        const path = fileURLToPath(
          new URL('../../../docs/screenshots/sources.png', import.meta.url),
        );
        mkdirSync(fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url)), {
          recursive: true,
        });
        await page.screenshot({ path, fullPage: true });
      }

      // Renewing the account's cookies: the wrong file is explained and kept for a retry.
      await page.getByRole('button', { name: 'Cập nhật cookie: Giám sát Sở Y tế 1' }).click();
      const cookieFile = page.getByLabel('Tệp trạng thái phiên (storage state, .json)');
      await cookieFile.setInputFiles({
        name: 'cookies.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('c_user=100091234567; xs=35'),
      });
      await page.getByRole('button', { name: 'Tải lên' }).click();
      await page.getByText('Tệp không phải JSON.', { exact: false }).waitFor();
      await cookieFile.setInputFiles({
        name: 'state.json',
        mimeType: 'application/json',
        buffer: Buffer.from(
          JSON.stringify({
            cookies: [{ name: 'c_user', value: '100091234567', domain: '.facebook.com' }],
            origins: [],
          }),
        ),
      });
      await page.getByRole('button', { name: 'Tải lên' }).click();
      await page
        .getByText('Đã cập nhật cookie cho Giám sát Sở Y tế 1.', { exact: false })
        .waitFor();
      await accountRow.getByText('Chưa dùng', { exact: true }).waitFor();
      expect(await repos.monitoringAccounts.findById(account.id)).toMatchObject({
        state: 'pending',
        lastError: null,
      });

      // Removing asks first; the safe answer has the focus.
      await page.getByRole('button', { name: 'Bỏ theo dõi: Chợ Đà Lạt online' }).click();
      await page
        .getByText('Bỏ theo dõi Chợ Đà Lạt online? Các bài viết', { exact: false })
        .waitFor();
      await page.getByRole('button', { name: 'Bỏ theo dõi', exact: true }).click();
      await page.getByText('Đã bỏ theo dõi Chợ Đà Lạt online.', { exact: false }).waitFor();
      // The confirmation row and the source's row leave together when the list is read again;
      // until then both match, so count them rather than wait on one (strict mode).
      await expect
        .poll(() => sourcesTable.getByRole('row', { name: /Chợ Đà Lạt online/ }).count(), {
          timeout: 15_000,
        })
        .toBe(0);
      expect(
        (await repos.sources.findByCanonicalKey('group:chodalatonline'))?.removedAt,
      ).toBeInstanceOf(Date);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
