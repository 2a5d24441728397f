import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@leakwatch/browser';
import type { User } from '@leakwatch/db';
import { useTestDatabase } from '@leakwatch/testkit';
import { createUser, startApi, testPassword } from '../../api/test/support/api-harness.js';
import { recordMatch, registerPage } from '../../api/test/support/flood-hold.js';

/**
 * Flood holds in the built dashboard, driven in Debian's Chromium against the real API: an
 * administrator follows the e-mail's link to one hold among several, finds it marked and in
 * view, and releases its alerts to triage; the database shows them back as `new`.
 * LEAKWATCH_DASHBOARD_DIST serves another build than services/dashboard/dist.
 */
const dashboardDir =
  process.env['LEAKWATCH_DASHBOARD_DIST'] ?? fileURLToPath(new URL('../dist/', import.meta.url));
const built = existsSync(path.join(dashboardDir, 'index.html'));
if (!built)
  console.warn(
    `${dashboardDir} has no build: skipping the browser test. Build it with \`pnpm --filter @leakwatch/dashboard build\`.`,
  );

const screenshots = process.env['LEAKWATCH_SCREENSHOTS'] === '1';
const screenshotDir = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

const testDb = useTestDatabase();

describe.skipIf(!built)('flood holds in Chromium against the real API', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Browser;
  let base = '';
  let admin: User;
  let holdId = '';
  let heldAlerts: string[] = [];

  /** A page matched `alerts` times under the worker's flood guard (three open its hold). */
  async function flood(title: string, alerts: number) {
    const { repos } = testDb();
    const page = await registerPage(repos, title);
    const alertIds: string[] = [];
    for (let i = 0; i < alerts; i += 1) alertIds.push(await recordMatch(repos, page));
    const hold = (await repos.floodHolds.list()).find(
      (candidate) => candidate.pageId === page.pageId && candidate.endedAt === null,
    );
    if (!hold) throw new Error(`no flood hold opened for ${title}`);
    return { holdId: hold.id, alertIds };
  }

  beforeAll(async () => {
    const { repos } = testDb();
    // The change feed too, as `pnpm start` runs it: the signed-in shell listens for live updates.
    api = await startApi(repos, {}, { changeFeedUrl: testDb().url, dashboardDir });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    admin = await createUser(repos, 'admin');

    // An earlier hold, already released; then the one the e-mail is about; then newer ones,
    // listed above it, so the link has to bring it into view.
    const earlier = await flood('Quyết định cách ly tập trung — Bảo Lộc', 3);
    await repos.floodHolds.end(earlier.holdId, { action: 'release', userId: admin.id });
    const linked = await flood('Danh sách F1 phường 3 — Đà Lạt', 5);
    holdId = linked.holdId;
    heldAlerts = linked.alertIds;
    for (const [title, alerts] of [
      ['Mẫu phiếu khai báo y tế — Sở Y tế Lâm Đồng', 4],
      ['Giấy xác nhận hoàn thành cách ly — Bảo Lộc', 3],
      ['Danh sách tiêm chủng mũi 3 — Đức Trọng', 6],
      ['Biên bản điều tra dịch tễ — Di Linh', 3],
      ['Phiếu trả lời kết quả xét nghiệm — Lâm Hà', 4],
    ] as const)
      await flood(title, alerts);
    browser = await launchChromium(process.env['CHROMIUM_PATH']);
  });

  afterAll(async () => {
    await browser.close();
    await api.close();
  });

  it('opens the e-mail’s link with its hold marked and in view, and releases it to triage', async () => {
    const { repos } = testDb();
    const context = await browser.newContext({
      locale: 'vi-VN',
      viewport: { width: 1360, height: 760 },
    });
    const page: Page = await context.newPage();
    // Script errors and CSP refusals land here; the 401 of asking who is signed in before
    // signing in is an expected answer.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !/^Failed to load resource: .* 401 /.test(text))
        problems.push(`console: ${text}`);
    });

    try {
      // The e-mail's link: sign in, and land on it.
      await page.goto(`${base}/admin/flood-holds/${holdId}`);
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await page.getByLabel('Thư điện tử').fill(admin.email);
      await page.getByLabel('Mật khẩu').fill(testPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('heading', { name: 'Trang tài liệu bị tạm giữ cảnh báo' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/admin/flood-holds/${holdId}`);
      const tab = page
        .getByRole('navigation', { name: 'Các mục quản trị' })
        .getByRole('link', { name: 'Tạm giữ cảnh báo' });
      await expect(tab.getAttribute('aria-current')).resolves.toBe('page');

      await page
        .getByText(
          'Trong khoảng thời gian theo dõi, trang 1 của “Danh sách F1 phường 3 — Đà Lạt” có 3 cảnh báo khớp ảnh, trong khi trước đó không có cảnh báo nào. Đợt tạm giữ này được đánh dấu trong danh sách bên dưới.',
        )
        .waitFor();
      const rows = page.getByRole('row');
      // A header and seven holds: the five newer open ones above the linked one, the ended last.
      await expect(rows.count()).resolves.toBe(8);
      const marked = page.locator('tr[aria-current="true"]');
      await expect(marked.count()).resolves.toBe(1);
      const markedText = (await marked.textContent()) ?? '';
      expect(markedText).toContain('Danh sách F1 phường 3 — Đà Lạt');
      expect(markedText).toContain('Đợt trong đường dẫn');
      expect(markedText).toContain('Đang tạm giữ');
      await expect(marked.getByRole('cell').nth(2).textContent(), 'alerts held').resolves.toBe('5');
      await expect(rows.nth(6).textContent()).resolves.toContain('Danh sách F1 phường 3 — Đà Lạt');
      // Scrolled to, and the keyboard starts there.
      // Evaluated in the page as expressions: these tests are typed without the DOM's globals,
      // and the page's CSP refuses the functions waitForFunction would poll with.
      const linkedInView = `(() => {
        const box = document.querySelector('tr[aria-current="true"]')?.getBoundingClientRect();
        return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
      })()`;
      await expect.poll(() => page.evaluate<boolean>(linkedInView)).toBe(true);
      expect(await page.evaluate<number>('window.scrollY')).toBeGreaterThan(0);
      expect(
        await page.evaluate<string | null>(
          "document.activeElement?.getAttribute('aria-current') ?? null",
        ),
      ).toBe('true');
      await expect(
        rows.filter({ hasText: 'Quyết định cách ly tập trung — Bảo Lộc' }).textContent(),
      ).resolves.toContain('Đã đưa về hàng đợi');
      if (screenshots) {
        mkdirSync(screenshotDir, { recursive: true });
        await page.screenshot({ path: `${screenshotDir}admin-flood-holds.png`, fullPage: true });
      }

      // Release, after a confirmation, with a note for the audit trail.
      await marked
        .getByRole('button', {
          name: 'Đưa về hàng đợi xử lý: trang 1 của “Danh sách F1 phường 3 — Đà Lạt”',
        })
        .click();
      const dialog = page.getByRole('dialog', {
        name: 'Đưa các cảnh báo đang tạm giữ về hàng đợi xử lý?',
      });
      await dialog.getByText('5 cảnh báo đang tạm giữ sẽ trở lại hàng đợi xử lý').waitFor();
      await dialog
        .getByLabel('Ghi chú (không bắt buộc)')
        .fill('Mẫu danh sách dùng chung của phường, đã kiểm tra');
      await dialog.getByRole('button', { name: 'Đưa về hàng đợi xử lý' }).click();
      await page
        .getByText(
          'Đã đưa 5 cảnh báo về hàng đợi xử lý: trang 1 của “Danh sách F1 phường 3 — Đà Lạt”.',
        )
        .waitFor();
      expect(await dialog.count()).toBe(0);

      const alerts = await repos.triage.alertsByIds(heldAlerts);
      expect(alerts.map((alert) => alert.status)).toEqual(heldAlerts.map(() => 'new'));
      expect(await repos.floodHolds.findById(holdId)).toMatchObject({
        resolution: 'released',
        endedBy: admin.id,
        quarantinedAlerts: 0,
      });
      const [entry] = await repos.audit.list({ action: 'flood_hold.released', targetId: holdId });
      expect(entry?.details).toMatchObject({
        alerts: 5,
        note: 'Mẫu danh sách dùng chung của phường, đã kiểm tra',
      });
      // The row says so, and offers nothing more to do.
      await expect(marked.textContent()).resolves.toContain('Đã đưa về hàng đợi');
      await expect(marked.getByRole('button').count()).resolves.toBe(0);

      // A link to a hold that is not there says so, and still lists the others.
      await page.goto(`${base}/admin/flood-holds/${randomUUID()}`);
      await page.getByText('Không tìm thấy đợt tạm giữ trong đường dẫn bạn mở.').waitFor();
      await expect(page.getByRole('row').count()).resolves.toBe(8);

      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
