import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { launchChromium } from '@leakwatch/browser';
import { useTestDatabase } from '@leakwatch/testkit';
import { createUser, startApi, testPassword } from '../../api/test/support/api-harness.js';
import { plantOverviewData } from '../../api/test/support/overview-data.js';

/**
 * The leadership overview, built and served by the real API, in Debian's Chromium: a leadership
 * account signs in, reads the figures of incidents planted with known times (the table in
 * services/api/test/support/overview-data.ts), narrows the period, and downloads a chart's
 * figures as CSV and as PNG.
 */
const built = existsSync(new URL('../dist/index.html', import.meta.url));
if (!built)
  console.warn(
    'services/dashboard/dist is missing: skipping the overview browser test. Build it with `pnpm --filter @leakwatch/dashboard build`.',
  );

const testDb = useTestDatabase();
const screenshot = new URL('../../../docs/screenshots/overview.png', import.meta.url).pathname;

/** A Vietnamese calendar day `days` before today, as a date input takes it. */
function vietnamDaysAgo(days: number): string {
  return new Date(Date.now() + 7 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

describe.skipIf(!built)('overview in Chromium against the real API', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Browser;
  let base = '';
  let email = '';

  beforeAll(async () => {
    const { repos } = testDb();
    // With live updates, as `pnpm start` runs it (the page listens for changes).
    api = await startApi(repos, {}, { changeFeedUrl: testDb().url });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    email = (await createUser(repos, 'leadership')).email;
    await plantOverviewData(repos);
    browser = await launchChromium(process.env['CHROMIUM_PATH']);
  });

  afterAll(async () => {
    await browser.close();
    await api.close();
  });

  it('shows the figures, narrows the period and exports a chart as CSV and PNG', async () => {
    const context = await browser.newContext({
      locale: 'vi-VN',
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page: Page = await context.newPage();
    // Script errors and CSP refusals land here: ECharts must draw under the API's CSP.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !/^Failed to load resource: .* 401 /.test(text))
        problems.push(`console: ${text}`);
    });
    const figure = (label: string): Locator =>
      page.locator('.overview-figure', { hasText: label }).locator('.overview-figure__value');
    const download = async (name: string): Promise<Download> => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name }).click(),
      ]);
      return file;
    };
    try {
      await page.goto(`${base}/overview`);
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await page.getByLabel('Thư điện tử').fill(email);
      await page.getByLabel('Mật khẩu').fill(testPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();

      // The last twelve weeks: incidents 1–5 and the one from 40 days ago.
      await page.getByRole('heading', { name: 'Tổng quan', level: 1 }).waitFor();
      await expect(
        page.getByRole('button', { name: '12 tuần gần nhất' }).getAttribute('aria-pressed'),
      ).resolves.toBe('true');
      await figure('Sự cố chưa đóng').filter({ hasText: '5' }).waitFor();
      // Posted 1, 2, 3, 4, 6 and 10 hours before detection: median 3 h 30, 90th percentile 8 h.
      await expect(figure('Từ khi đăng đến khi phát hiện (trung vị)').textContent()).resolves.toBe(
        '3 giờ 30 phút',
      );
      await page.getByText('90% trường hợp trong vòng 8 giờ').waitFor();
      // Removed 100, 150 and 200 hours after detection.
      await expect(figure('Từ khi phát hiện đến khi gỡ bỏ (trung vị)').textContent()).resolves.toBe(
        '6 ngày 6 giờ',
      );
      // One notice on time of five due (one late, three never sent).
      await expect(figure('Tỷ lệ hoàn thành đúng hạn').textContent()).resolves.toBe('20%');
      // Seven charts, each drawn on a canvas, each with its figures in a table.
      await expect.poll(() => page.locator('.echart canvas').count()).toBe(7);
      expect(await page.getByRole('img', { name: /^Biểu đồ: / }).count()).toBe(7);
      if (process.env['LEAKWATCH_SCREENSHOTS'] === '1')
        await page.screenshot({ path: screenshot, fullPage: true });

      const sources = page.getByRole('region', { name: 'Nguồn có nhiều vụ lộ lọt nhất' });
      await sources.getByText('Bảng số liệu').click();
      await sources.getByRole('rowheader', { name: 'Lâm Hà quê tôi' }).waitFor();

      // A period typed backwards is refused on the spot, with the reason.
      await page.getByLabel('Từ ngày').fill(vietnamDaysAgo(1));
      await page.getByLabel('Đến ngày').fill(vietnamDaysAgo(5));
      await page.getByRole('button', { name: 'Xem số liệu' }).click();
      await page.getByText('Ngày bắt đầu phải trước hoặc trùng với ngày kết thúc.').waitFor();
      await expect(page.getByLabel('Từ ngày').getAttribute('aria-invalid')).resolves.toBe('true');

      // The last four weeks leave out the incident of 40 days ago.
      await page.getByRole('button', { name: '4 tuần gần nhất' }).click();
      await figure('Sự cố chưa đóng').filter({ hasText: '4' }).waitFor();
      expect(page.url()).toContain(`from=${vietnamDaysAgo(27)}&to=${vietnamDaysAgo(0)}`);
      await expect(figure('Tỷ lệ hoàn thành đúng hạn').textContent()).resolves.toBe('25%');
      await expect(figure('Từ khi đăng đến khi phát hiện (trung vị)').textContent()).resolves.toBe(
        '3 giờ',
      );
      await expect(
        sources.getByRole('rowheader', { name: 'Lâm Hà quê tôi' }).count(),
      ).resolves.toBe(0);

      const csv = await download('Tải CSV: Nguồn có nhiều vụ lộ lọt nhất');
      expect(csv.suggestedFilename()).toBe(
        `leakwatch-overview-sources-${vietnamDaysAgo(27)}_${vietnamDaysAgo(0)}.csv`,
      );
      const bytes = await readFile(await csv.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.subarray(3).toString('utf8').split('\r\n')).toEqual([
        'Nguồn,Loại nguồn,Địa chỉ,Số sự cố,Số bài đăng',
        'Cộng đồng Đà Lạt,Nhóm,https://www.facebook.com/groups/congdongdalat,3,4',
        'Bảo Lộc 24h,Nhóm,https://www.facebook.com/groups/baoloc24h,2,2',
        'Đức Trọng ngày nay,Nhóm,https://www.facebook.com/groups/ductrongngaynay,1,1',
        '',
      ]);

      const png = await download('Tải PNG: Số sự cố theo tuần và loại tài liệu');
      expect(png.suggestedFilename()).toMatch(/^leakwatch-overview-weekly-.+\.png$/);
      const image = await readFile(await png.path());
      expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(image.length).toBeGreaterThan(5_000);

      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
