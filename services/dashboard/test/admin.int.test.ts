import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@leakwatch/browser';
import { randomSha256, registerFakeDocument, useTestDatabase } from '@leakwatch/testkit';
import { createUser, startApi, testPassword } from '../../api/test/support/api-harness.js';

/**
 * Administration in the built dashboard, driven in Debian's Chromium against the real API: an
 * administrator creates a liaison for the Department of Health, adds a receiving organisation
 * with a webhook and a rule routing to it, lengthens the reminders of the 72-hour breach notice
 * and takes a false match out of the negative bank; each result is read back from the database.
 */
const built = existsSync(new URL('../dist/index.html', import.meta.url));
if (!built)
  console.warn(
    'services/dashboard/dist is missing: skipping the browser test. Build it with `pnpm --filter @leakwatch/dashboard build`.',
  );

const screenshots = process.env['LEAKWATCH_SCREENSHOTS'] === '1';
const screenshotDir = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

const testDb = useTestDatabase();

describe.skipIf(!built)('administration in Chromium against the real API', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Browser;
  let base = '';
  let adminEmail = '';
  let wrongDismissal = '';
  let keptDismissal = '';

  beforeAll(async () => {
    const { repos } = testDb();
    // The change feed too, as `pnpm start` runs it: the signed-in shell listens for live updates.
    api = await startApi(repos, {}, { changeFeedUrl: testDb().url });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    adminEmail = (await createUser(repos, 'admin')).email;

    // Colleagues already on the list, as an installation has them.
    const police = (await repos.routingTargets.list()).find(
      (t) => t.name === 'Công an tỉnh Lâm Đồng',
    );
    const officer = await repos.users.create({
      email: 'bao.tq@syt.lamdong.gov.vn',
      displayName: 'Trần Quốc Bảo',
      role: 'officer',
      permissions: [],
    });
    await repos.users.create({
      email: 'hong.lt@syt.lamdong.gov.vn',
      displayName: 'Lê Thị Hồng',
      role: 'leadership',
      permissions: ['evidence:view'],
    });
    await repos.users.create({
      email: 'hung.nv@congan.lamdong.gov.vn',
      displayName: 'Nguyễn Văn Hùng',
      role: 'liaison',
      permissions: [],
      routingTargetId: police?.id ?? null,
    });
    const former = await repos.users.create({
      email: 'tuan.pm@syt.lamdong.gov.vn',
      displayName: 'Phạm Minh Tuấn',
      role: 'officer',
      permissions: [],
    });
    if (!officer || !former) throw new Error('users not created');
    await repos.users.update(former.id, { disabled: true });

    // Two false matches in the negative bank; only the first was dismissed by mistake.
    const f1 = await registerFakeDocument(repos, {
      title: 'Danh sách F1 phường 3 — Đà Lạt',
      ownerDepartment: 'Trung tâm Kiểm soát bệnh tật',
      classification: 'mat',
    });
    const quarantine = await registerFakeDocument(repos, {
      title: 'Quyết định cách ly tập trung — Bảo Lộc',
    });
    wrongDismissal = (
      await repos.matchDismissals.dismiss({
        imageSha256: randomSha256(),
        pageId: f1.page.id,
        reason: 'false_match',
        note: 'Ảnh chụp mẫu phiếu trống',
        dismissedBy: officer.id,
      })
    ).dismissal.id;
    keptDismissal = (
      await repos.matchDismissals.dismiss({
        imageSha256: randomSha256(),
        pageId: quarantine.page.id,
        reason: 'false_match',
        dismissedBy: officer.id,
      })
    ).dismissal.id;
    browser = await launchChromium(process.env['CHROMIUM_PATH']);
  });

  afterAll(async () => {
    await browser.close();
    await api.close();
  });

  it('creates a liaison and a routing target with its rule, edits a deadline and un-suppresses a match', async () => {
    const { repos } = testDb();
    const context = await browser.newContext({
      locale: 'vi-VN',
      viewport: { width: 1360, height: 900 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
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
    const health = (await repos.routingTargets.list()).find(
      (target) => target.name === 'Sở Y tế tỉnh Lâm Đồng',
    );
    if (!health) throw new Error('the seeded Department of Health is missing');

    try {
      await page.goto(`${base}/admin`);
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await page.getByLabel('Thư điện tử').fill(adminEmail);
      await page.getByLabel('Mật khẩu').fill(testPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();

      // Users: /admin opens the first section the administrator may use.
      await page.getByRole('heading', { name: 'Người dùng', level: 2 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/users');
      const tabs = page.getByRole('navigation', { name: 'Các mục quản trị' }).getByRole('link');
      expect(await tabs.allTextContents()).toEqual([
        'Người dùng',
        'Định tuyến thông báo',
        'Thời hạn xử lý',
        'Danh sách loại trừ',
        'Tạm giữ cảnh báo',
      ]);
      await page.getByRole('button', { name: 'Thêm người dùng' }).click();
      await page.getByLabel('Họ và tên').fill('Nguyễn Thị Lan');
      await page.getByLabel('Thư điện tử').fill('lan.nt@syt.lamdong.gov.vn');
      await page.getByLabel('Vai trò').selectOption({ label: 'Đầu mối đơn vị' });
      // Checked before sending: a liaison without a department would see nothing.
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await page.getByText('Đầu mối đơn vị phải thuộc một cơ quan nhận thông báo').waitFor();
      expect(await repos.users.findByEmail('lan.nt@syt.lamdong.gov.vn')).toBeUndefined();
      await page.getByLabel('Cơ quan của đầu mối').selectOption({ label: health.name });
      await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
      const shown = page.getByTestId('one-time-password');
      await shown.waitFor();
      const initialPassword = (await shown.textContent()) ?? '';
      await page.getByRole('button', { name: 'Sao chép mật khẩu' }).click();
      await page.getByText('Đã sao chép mật khẩu.').waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(initialPassword);

      const lan = await repos.users.findByEmail('lan.nt@syt.lamdong.gov.vn');
      expect(lan).toMatchObject({
        displayName: 'Nguyễn Thị Lan',
        role: 'liaison',
        routingTargetId: health.id,
      });
      // The password shown is the one stored: the new liaison can sign in with it.
      const signIn = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'lan.nt@syt.lamdong.gov.vn', password: initialPassword }),
      });
      expect(signIn.status).toBe(200);

      await page.getByRole('button', { name: 'Đã chuyển, ẩn mật khẩu' }).click();
      expect(await shown.count()).toBe(0);
      const lanRow = page.getByRole('row', { name: /Nguyễn Thị Lan/ });
      await expect(lanRow.textContent()).resolves.toContain('Sở Y tế tỉnh Lâm Đồng');
      await expect(
        page.getByRole('row', { name: /Phạm Minh Tuấn/ }).textContent(),
      ).resolves.toContain('Đã vô hiệu hóa');
      if (screenshots) {
        mkdirSync(screenshotDir, { recursive: true });
        await page.screenshot({ path: `${screenshotDir}admin-users.png`, fullPage: true });
      }

      // Routing: a new organisation with a webhook, and a rule that sends to it.
      await tabs.getByText('Định tuyến thông báo').click();
      await page.getByRole('heading', { name: 'Cơ quan nhận thông báo' }).waitFor();
      await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
      await page.getByLabel('Tên cơ quan').fill('Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng');
      await page
        .getByLabel('Địa chỉ thư điện tử nhận thông báo')
        .fill('vanthu@cdc.lamdong.gov.vn,\ntrucban@cdc.lamdong.gov.vn');
      await page
        .getByLabel('Địa chỉ webhook (không bắt buộc)')
        .fill('https://hook.cdc.lamdong.gov.vn/leakwatch');
      await page.getByLabel('Hiệu lực từ ngày', { exact: true }).fill('2026-01-01');
      await page.getByRole('button', { name: 'Lưu cơ quan' }).click();
      await page.getByText('Webhook cần một khóa bí mật').waitFor();
      await page.getByLabel('Khóa bí mật của webhook').fill('whsec-cdc-lâm-đồng-2026-bí-mật');
      await page.getByRole('button', { name: 'Lưu cơ quan' }).click();
      await page.getByText('Đã thêm cơ quan Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng.').waitFor();
      const cdc = (await repos.routingTargets.list()).find(
        (target) => target.name === 'Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng',
      );
      expect(cdc).toMatchObject({
        kind: 'department',
        emails: ['vanthu@cdc.lamdong.gov.vn', 'trucban@cdc.lamdong.gov.vn'],
        webhookUrl: 'https://hook.cdc.lamdong.gov.vn/leakwatch',
        activeFrom: new Date('2026-01-01T00:00:00+07:00'),
        activeUntil: null,
      });
      expect(cdc?.webhookSecretCiphertext).toBeTruthy();
      // Write-only: the secret is nowhere on the page once saved.
      expect(await page.content()).not.toContain('whsec-cdc');

      await page.getByRole('button', { name: 'Thêm quy tắc' }).click();
      await page.getByLabel('Tên quy tắc').fill('Tài liệu mật của CDC bị lan rộng: báo CDC');
      await page.getByLabel('Khi có sự kiện').selectOption({ label: 'Nâng mức độ nghiêm trọng' });
      await page
        .getByRole('checkbox', { name: 'Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng' })
        .check();
      await page.getByLabel('Đơn vị sở hữu tài liệu').fill('Trung tâm Kiểm soát bệnh tật');
      await page.getByRole('checkbox', { name: 'Mật', exact: true }).check();
      await page.getByLabel('Mức độ tối thiểu').selectOption({ label: 'Cao' });
      const summary =
        'Khi sự cố được nâng mức độ, nếu tài liệu thuộc Trung tâm Kiểm soát bệnh tật, độ mật là Mật và mức độ từ cao trở lên: báo Trung tâm Kiểm soát bệnh tật tỉnh Lâm Đồng.';
      await page.getByText(`Xem trước: ${summary}`).waitFor();
      await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
      await page
        .getByText('Đã thêm quy tắc “Tài liệu mật của CDC bị lan rộng: báo CDC”.')
        .waitFor();
      await page.getByRole('cell', { name: summary }).waitFor();
      const rule = (await repos.rules.routingRules()).find(
        (candidate) => candidate.name === 'Tài liệu mật của CDC bị lan rộng: báo CDC',
      );
      expect(rule).toMatchObject({
        event: 'escalated',
        targetKinds: [],
        targetIds: [cdc?.id],
        documentOwners: ['Trung tâm Kiểm soát bệnh tật'],
        classifications: ['mat'],
        minSeverity: 'high',
        active: true,
      });
      if (screenshots)
        await page.screenshot({ path: `${screenshotDir}admin-routing.png`, fullPage: true });

      // Deadlines: an earlier reminder for the seeded 72-hour breach notice.
      await tabs.getByText('Thời hạn xử lý').click();
      await page
        .getByRole('button', { name: /^Sửa thời hạn Thông báo vi phạm dữ liệu cá nhân/ })
        .click();
      const reminders = page.getByLabel('Nhắc trước hạn (giờ)');
      await expect(reminders.inputValue()).resolves.toBe('24, 6');
      await reminders.fill('48, 24, 6');
      await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.getByText(/^Đã lưu thời hạn “Thông báo vi phạm dữ liệu cá nhân/).waitFor();
      const breach = (await repos.rules.deadlineRules()).find(
        (candidate) => candidate.name === 'breach_notice_72h',
      );
      expect(breach).toMatchObject({
        durationHours: 72,
        remindBeforeHours: [48, 24, 6],
        remind: ['assignee', 'admins'],
        metBy: 'notice_sent',
        active: true,
      });
      await page
        .getByText('trước hạn 48 giờ, trước hạn 24 giờ, trước hạn 6 giờ và khi đến hạn', {
          exact: false,
        })
        .waitFor();

      // The negative bank: the mistaken dismissal goes, after a confirmation; the other stays.
      await tabs.getByText('Danh sách loại trừ').click();
      const mistaken = page.getByRole('row', { name: /Danh sách F1 phường 3 — Đà Lạt/ });
      await expect(mistaken.textContent()).resolves.toContain('Trần Quốc Bảo');
      await page
        .getByRole('button', { name: 'Gỡ khỏi danh sách: Danh sách F1 phường 3 — Đà Lạt, trang 1' })
        .click();
      const dialog = page.getByRole('dialog', { name: 'Gỡ mục này khỏi danh sách loại trừ?' });
      await dialog.getByRole('button', { name: 'Gỡ khỏi danh sách' }).click();
      await page
        .getByText('Đã gỡ khỏi danh sách loại trừ: Danh sách F1 phường 3 — Đà Lạt, trang 1.')
        .waitFor();
      // The message comes with the answer; the row goes when the list is fetched again after it.
      await mistaken.waitFor({ state: 'detached' });
      const bank = (await repos.matchDismissals.list()).map((entry) => entry.id);
      expect(bank).toContain(keptDismissal);
      expect(bank).not.toContain(wrongDismissal);

      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
