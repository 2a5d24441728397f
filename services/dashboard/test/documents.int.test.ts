import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '@leakwatch/browser';
import { registerFakeDocument, useTestDatabase } from '@leakwatch/testkit';
import { createUser, startApi, testPassword } from '../../api/test/support/api-harness.js';

/**
 * Documents and Check an image in Chromium against the real API, with real registration and
 * matching (OCR included): files added through the picker and by a dropped DataTransfer, one
 * refused by the browser and one by the API, each with its own message, while the good one
 * registers; the list searched and filtered; a forwarded (re-encoded, rescaled) copy of the
 * registered page pasted on Check an image and recognised; the document revoked.
 */
const built = existsSync(new URL('../dist/index.html', import.meta.url));
if (!built)
  console.warn(
    'services/dashboard/dist is missing: skipping the browser test. Build it with `pnpm --filter @leakwatch/dashboard build`.',
  );

const testDb = useTestDatabase();
const title = 'Danh sách F1 phường 3 — Đà Lạt';
const fileName = `${title}.png`;

/** A close-contact list as the health centre issues it: twelve people, deterministic. */
function closeContactListHtml(): string {
  const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
  const middle = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thanh', 'Quốc', 'Hồng'];
  const given = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hải', 'Khánh', 'Lan', 'Mai', 'Nam'];
  const streets = ['Phan Đình Phùng', 'Hai Bà Trưng', 'Nguyễn Văn Trỗi', 'Ba Tháng Hai'];
  const rows = Array.from({ length: 12 }, (_, i) => {
    const name = `${family[(i * 3) % 10]} ${middle[(i * 5) % 8]} ${given[(i * 7) % 10]}`;
    const cccd = `068${String(190_000_000 + i * 7_654_321).padStart(9, '0')}`;
    const phone = `09${String(12_345_678 + i * 1_113_571).padStart(8, '0')}`;
    const address = `${12 + i * 9} ${streets[i % 4]}, Phường 3, Đà Lạt`;
    return `<tr><td>${i + 1}</td><td>${name}</td><td>${1958 + i * 4}</td><td>${cccd}</td><td>${phone}</td><td>${address}</td></tr>`;
  }).join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
    body { margin: 0; padding: 48px 56px; width: 888px; background: #fff; color: #000;
      font: 17px/1.45 'Liberation Serif', 'DejaVu Serif', 'Noto Serif', serif; }
    .head { display: flex; justify-content: space-between; text-align: center; font-weight: bold; }
    h1 { text-align: center; font-size: 21px; margin: 36px 0 6px; }
    p.sub { text-align: center; margin: 0 0 22px; font-style: italic; }
    table { width: 100%; border-collapse: collapse; font-size: 15px; }
    td, th { border: 1px solid #000; padding: 4px 6px; text-align: left; }
  </style></head><body>
    <div class="head"><div>SỞ Y TẾ TỈNH LÂM ĐỒNG<br>TRUNG TÂM KIỂM SOÁT BỆNH TẬT<br>Số: 1847/DS-KSBT</div>
      <div>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc<br>Đà Lạt, ngày 14 tháng 7 năm 2021</div></div>
    <h1>DANH SÁCH NGƯỜI TIẾP XÚC GẦN (F1) PHƯỜNG 3</h1>
    <p class="sub">Liên quan ca bệnh BN-4521, điều tra ngày 13/7/2021</p>
    <table><thead><tr><th>TT</th><th>Họ và tên</th><th>Năm sinh</th><th>Số CCCD</th><th>Điện thoại</th><th>Địa chỉ</th></tr></thead>
    <tbody>${rows}</tbody></table>
    <p>Yêu cầu các trường hợp trên cách ly y tế tại nhà 14 ngày kể từ ngày tiếp xúc cuối cùng.</p>
    <p style="text-align:right;font-weight:bold;margin-right:40px">GIÁM ĐỐC</p>
  </body></html>`;
}

describe.skipIf(!built)('documents and image checks in Chromium against the real API', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let browser: Browser;
  let base = '';
  let email = '';
  let dataDir = '';
  let registeredPage: Buffer = Buffer.alloc(0);
  let forwardedCopy: Buffer = Buffer.alloc(0);

  beforeAll(async () => {
    const { repos } = testDb();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lw-dashboard-documents-'));
    api = await startApi(
      repos,
      {},
      { documentServices: true, dataDir, changeFeedUrl: testDb().url },
    );
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    email = (await createUser(repos, 'officer')).email;
    // Documents registered earlier, so the list has neighbours to search among.
    await registerFakeDocument(repos, {
      title: 'Quyết định cách ly tập trung khu phố 6',
      numberSymbol: '311/QĐ-SYT',
      classification: 'toi_mat',
      ownerDepartment: 'Văn phòng Sở Y tế',
    });
    await registerFakeDocument(repos, {
      title: 'Báo cáo điều tra dịch tễ ca bệnh BN-4388 — Bảo Lộc',
      classification: 'mat',
      ownerDepartment: 'Trung tâm Kiểm soát bệnh tật',
    });
    await registerFakeDocument(repos, {
      title: 'Kế hoạch tiêm vắc-xin COVID-19 đợt 5 — Đức Trọng',
      classification: 'thuong',
      ownerDepartment: 'Phòng Nghiệp vụ Y',
    });
    browser = await launchChromium(process.env['CHROMIUM_PATH']);
    // The registered page, and the copy that came back through a chat app: smaller, JPEG.
    const renderer = await browser.newContext({
      viewport: { width: 1000, height: 1300 },
      deviceScaleFactor: 1.25,
    });
    const sheet = await renderer.newPage();
    await sheet.setContent(closeContactListHtml());
    registeredPage = await sheet.screenshot({ type: 'png', fullPage: true });
    forwardedCopy = await sheet.screenshot({
      type: 'jpeg',
      quality: 60,
      scale: 'css',
      fullPage: true,
    });
    await renderer.close();
  });

  afterAll(async () => {
    await browser.close();
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('registers by picker and drop, explains refusals per file, finds the page in a pasted copy and revokes', async () => {
    const { repos } = testDb();
    const context = await browser.newContext({
      locale: 'vi-VN',
      viewport: { width: 1280, height: 900 },
    });
    const page: Page = await context.newPage();
    // The 401 of asking who is signed in before signing in, and the API's 415 for the file
    // that only claims to be a PDF, are expected answers.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !/^Failed to load resource: .* (401|415) /.test(text))
        problems.push(`console: ${text}`);
    });
    try {
      await page.goto(`${base}/documents`);
      await page.getByLabel('Thư điện tử').fill(email);
      await page.getByLabel('Mật khẩu').fill(testPassword);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('heading', { name: 'Tài liệu', exact: true }).waitFor();
      await page.getByRole('cell', { name: /^Kế hoạch tiêm vắc-xin/ }).waitFor();

      // Two files through the picker: the page image, and meeting notes the browser refuses.
      await page.getByTestId('document-files').setInputFiles([
        { name: fileName, mimeType: 'image/png', buffer: registeredPage },
        {
          name: 'ghi chú cuộc họp.txt',
          mimeType: 'text/plain',
          buffer: Buffer.from('họp giao ban'),
        },
      ]);
      // A third, dropped: named .pdf, so the browser lets it through; the API reads its bytes.
      // (Browser code as a string: the tests are typed for Node, without the DOM.)
      const dropped = await page.evaluateHandle(`(() => {
        const transfer = new DataTransfer();
        transfer.items.add(
          new File(['Không phải PDF: chỉ là chữ.'], 'Báo cáo tuần 28.pdf', { type: 'application/pdf' }),
        );
        return transfer;
      })()`);
      const zone = page.locator('.file-drop');
      await zone.dispatchEvent('dragenter', { dataTransfer: dropped });
      await zone.dispatchEvent('drop', { dataTransfer: dropped });

      const item = (name: string) => page.getByRole('listitem').filter({ hasText: name });
      await item('ghi chú cuộc họp.txt')
        .getByText('Không đăng ký được loại tệp này.', { exact: false })
        .waitFor();
      const good = item(fileName);
      await expect(good.getByLabel('Tên tài liệu').inputValue()).resolves.toBe(title);
      await good.getByLabel('Độ mật').selectOption({ label: 'Mật' });
      await good.getByLabel('Đơn vị quản lý').fill('Phòng Nghiệp vụ Y');
      await page.getByRole('button', { name: 'Đăng ký 2 tệp' }).click();

      await item('Báo cáo tuần 28.pdf')
        .getByText('Không phải tệp PDF, ảnh hay tài liệu văn phòng.', { exact: false })
        .waitFor({ timeout: 15_000 });
      await item('Báo cáo tuần 28.pdf')
        .getByRole('button', { name: 'Thử lại: Báo cáo tuần 28.pdf' })
        .waitFor();
      await good.getByText('Đã đăng ký (1 trang).').waitFor({ timeout: 40_000 });
      await page.getByText('Đã đăng ký: 1 · Đang xử lý: 0 · Lỗi: 2').waitFor();

      const [stored] = await repos.documents.list({ search: 'F1 phường 3' });
      expect(stored).toMatchObject({
        title,
        classification: 'mat',
        ownerDepartment: 'Phòng Nghiệp vụ Y',
        status: 'active',
        pageCount: 1,
      });
      if (!stored) throw new Error('not registered');
      // The list refreshed itself with the new document.
      const table = page.getByRole('table');
      await table.getByRole('cell', { name: title, exact: true }).waitFor();

      if (process.env['LEAKWATCH_SCREENSHOTS'] === '1') {
        mkdirSync(fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url)), {
          recursive: true,
        });
        await page.screenshot({
          path: fileURLToPath(new URL('../../../docs/screenshots/documents.png', import.meta.url)),
          fullPage: true,
        });
      }

      // The owner filter and the classification filter, then a search by number.
      await page.getByLabel('Đơn vị quản lý (đúng tên)').fill('Phòng Nghiệp vụ Y');
      await page.getByRole('button', { name: 'Tìm', exact: true }).click();
      await table.getByRole('cell', { name: /^Báo cáo điều tra/ }).waitFor({ state: 'detached' });
      await table.getByRole('cell', { name: /^Kế hoạch tiêm vắc-xin/ }).waitFor();
      await expect(table.getByRole('row').count()).resolves.toBe(3);
      await page.getByRole('search').getByLabel('Độ mật').selectOption({ label: 'Mật' });
      await table
        .getByRole('cell', { name: /^Kế hoạch tiêm vắc-xin/ })
        .waitFor({ state: 'detached' });
      await expect(table.getByRole('row').count()).resolves.toBe(2);
      expect(new URL(page.url()).searchParams.get('classification')).toBe('mat');
      await page.goto(`${base}/documents?q=311%2FQĐ`);
      await page.getByRole('cell', { name: /^Quyết định cách ly tập trung/ }).waitFor();
      await expect(page.getByRole('table').getByRole('row').count()).resolves.toBe(2);

      // Check an image: a PDF is not an image; the copy pasted from the clipboard matches.
      await page.getByRole('link', { name: 'Kiểm tra ảnh' }).click();
      await page.getByRole('heading', { name: 'Kiểm tra ảnh' }).waitFor();
      await page.getByTestId('check-image-file').setInputFiles({
        name: 'công văn.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4'),
      });
      await page
        .getByRole('alert')
        .getByText('Tệp này không phải là ảnh.', { exact: false })
        .waitFor();
      await page.evaluate(`(() => {
        const bytes = Uint8Array.from(atob('${forwardedCopy.toString('base64')}'), (c) => c.charCodeAt(0));
        const clipboard = new DataTransfer();
        clipboard.items.add(new File([bytes], 'image.jpg', { type: 'image/jpeg' }));
        document.body.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }),
        );
      })()`);
      await page.getByText('Ảnh dán từ bộ nhớ tạm').waitFor();
      await page.getByRole('img', { name: 'Ảnh đang kiểm tra: image.jpg' }).waitFor();
      const verdict = page.getByRole('article', { name: 'Khớp với tài liệu đã đăng ký' });
      await verdict.waitFor({ timeout: 40_000 });
      await verdict.getByRole('link', { name: title }).waitFor();
      await verdict
        .getByText('Chữ đọc được trong ảnh trùng với nội dung riêng của trang này.')
        .waitFor();
      await verdict.getByText('Số CCCD: ', { exact: false }).waitFor();
      // The preview is the browser's own copy, shown from memory.
      await expect(
        page.getByRole('img', { name: 'Ảnh đang kiểm tra: image.jpg' }).getAttribute('src'),
      ).resolves.toMatch(/^blob:/);

      if (process.env['LEAKWATCH_SCREENSHOTS'] === '1')
        await page.screenshot({
          path: fileURLToPath(
            new URL('../../../docs/screenshots/check-image.png', import.meta.url),
          ),
          fullPage: true,
        });

      // Revoke, from the matched document's link: confirmed in a dialog, recorded, gone from matching.
      await verdict.getByRole('link', { name: title }).click();
      await page.getByRole('button', { name: `Thu hồi: ${title}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Thu hồi đăng ký tài liệu?' });
      await dialog.getByText('nhật ký kiểm toán', { exact: false }).waitFor();
      // Cancel is where the focus starts: Enter alone does not revoke.
      await expect(dialog.locator(':focus').textContent()).resolves.toBe('Hủy');
      await dialog.getByRole('button', { name: 'Thu hồi', exact: true }).click();
      await page.getByText(`Đã thu hồi tài liệu «${title}».`).waitFor();
      await page.getByRole('table').getByText('Đã thu hồi (', { exact: false }).waitFor();
      expect((await repos.documents.findById(stored.id))?.status).toBe('revoked');
      const audit = await repos.audit.list({ targetId: stored.id });
      expect(audit.map((entry) => entry.action).sort()).toEqual([
        'document.registered',
        'document.revoked',
      ]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
