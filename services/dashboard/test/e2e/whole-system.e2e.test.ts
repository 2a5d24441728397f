import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '@leakwatch/browser';
import { childProcessEnv, findWorkspaceRoot } from '@leakwatch/config';
import { startSmtpSink, useTestDatabase, type SmtpSink } from '@leakwatch/testkit';

/**
 * The whole of LeakWatch as `pnpm start` runs it (API, crawler, worker, notifier and the demo's
 * simulated Facebook group with its planted leaks), driven in Debian's Chromium by the people
 * who use it: an officer watches a leak arrive and confirms it, the incident routes and its
 * e-mail reaches a real SMTP server; leadership sees the counts change; liaisons see only what
 * was routed to them. With LEAKWATCH_SCREENSHOTS=1 it also saves every page to docs/screenshots.
 */
const root = findWorkspaceRoot();
const built = existsSync(path.join(root, 'services/dashboard/dist/index.html'));
const screenshots = process.env['LEAKWATCH_SCREENSHOTS'] === '1';
const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const screenshotDir = path.join(root, 'docs/screenshots');
const password = 'Mật khẩu đủ dài 2026!';
const testDb = useTestDatabase();

interface Account {
  email: string;
  displayName: string;
}

let smtp: SmtpSink | undefined;
let leakwatch: ChildProcessWithoutNullStreams | undefined;
let output = '';
/** When `pnpm start` was launched: the demo's first alert must show within two minutes of it. */
let launchedAt = 0;
let dataDir = '';
let base = '';
let browser: Browser | undefined;
let admin: { cookie: string; csrf: string };
const accounts: Record<'officer' | 'leadership' | 'liaison' | 'otherLiaison', Account> = {
  officer: { email: 'canbo.attt@syt.lamdong.gov.vn', displayName: 'Nguyễn Thị Lan' },
  leadership: { email: 'giamdoc@syt.lamdong.gov.vn', displayName: 'Trần Văn Minh' },
  liaison: { email: 'daumoi@syt.lamdong.gov.vn', displayName: 'Lê Hoàng Nam' },
  otherLiaison: { email: 'a05.lienlac@bocongan.gov.vn', displayName: 'Phạm Quốc Bảo' },
};
const departmentMail = 'vanthu@syt.lamdong.gov.vn';

/** What `beforeAll` started, or a clear failure if it did not get that far. */
function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} did not start`);
  return value;
}

/** A port nothing listens on right now. */
function getPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

async function api<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${base}${url}`, {
    method: init.method ?? 'GET',
    headers: {
      cookie: admin.cookie,
      'x-csrf-token': admin.csrf,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A page that records browser errors: any script error or refused resource fails the test. */
async function signedInPage(
  account: Account | 'admin',
  adminEmail = '',
  options: { bypassCSP?: boolean } = {},
): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const context = await started(browser, 'Chromium').newContext({
    locale: 'vi-VN',
    viewport: { width: 1366, height: 900 },
    // Only for injecting the accessibility checker: every other test runs under the real CSP.
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes(' 401 (Unauthorized)'))
      problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${base}/login`);
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Thư điện tử').fill(account === 'admin' ? adminEmail : account.email);
  await page.getByLabel('Mật khẩu').fill(account === 'admin' ? adminPassword : password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('summary.user-menu, .user-menu summary').first().waitFor();
  return { page, context, problems };
}

let adminPassword = '';

async function shoot(page: Page, name: string) {
  if (!screenshots) return;
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

describe.skipIf(!built || process.platform !== 'linux')(
  'LeakWatch, whole system, in a browser',
  () => {
    beforeAll(async () => {
      smtp = await startSmtpSink();
      dataDir = await mkdtemp(path.join(tmpdir(), 'lw-e2e-'));
      await chmod(dataDir, 0o755);
      if (screenshots) await mkdir(screenshotDir, { recursive: true });
      const apiPort = await getPort();
      base = `http://127.0.0.1:${apiPort}`;
      const env = childProcessEnv({
        DATABASE_URL: testDb().url,
        REDIS_URL: inject('leakwatch').redisUrl,
        QUEUE_PREFIX: `lwe2e${randomBytes(3).toString('hex')}`,
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        SMTP_FROM: 'LeakWatch Sở Y tế <leakwatch@syt.lamdong.gov.vn>',
        LEAKWATCH_DATA_DIR: dataDir,
        API_PORT: String(apiPort),
        API_PUBLIC_URL: base,
        DEMO_SIMULATOR_PORT: String(await getPort()),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
      });
      launchedAt = Date.now();
      leakwatch = spawn('pnpm', ['start'], {
        cwd: root,
        env,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      leakwatch.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      leakwatch.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await until('LeakWatch to start', 120_000, () =>
        Promise.resolve(output.includes('Press Ctrl-C to stop.') ? true : undefined),
      );
      const adminEmail = /Email: +(\S+)/.exec(output)?.[1] ?? '';
      adminPassword = /Password: +(\S+)/.exec(output)?.[1] ?? '';
      const signIn = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: adminEmail, password: adminPassword }),
      });
      expect(signIn.status).toBe(200);
      admin = {
        cookie: signIn.headers
          .getSetCookie()
          .map((cookie) => cookie.split(';')[0])
          .join('; '),
        csrf: ((await signIn.json()) as { csrfToken: string }).csrfToken,
      };
      adminEmailAddress = adminEmail;
      browser = await launchChromium(process.env['CHROMIUM_PATH']);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      const running = leakwatch;
      if (running?.pid && running.exitCode === null) {
        const pid = running.pid;
        process.kill(-pid, 'SIGINT');
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            process.kill(-pid, 'SIGKILL');
            resolve(undefined);
          }, 20_000);
          running.once('exit', () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
      }
      await smtp?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }, 60_000);

    let adminEmailAddress = '';
    let incidentId = '';
    let incidentTitle = '';

    it('sets up the departments and the people, as an administrator does', async () => {
      const { targets } = await api<{ targets: { id: string; name: string; kind: string }[] }>(
        '/api/routing-targets',
      );
      const health = targets.find((target) => target.name === 'Sở Y tế tỉnh Lâm Đồng');
      const agency = targets.find((target) => target.kind === 'data_protection_agency');
      if (!health || !agency) throw new Error('seeded routing targets missing');
      await api(`/api/routing-targets/${health.id}`, {
        method: 'PATCH',
        body: { emails: [departmentMail] },
      });
      const create = (account: Account, role: string, routingTargetId: string | null = null) =>
        api('/api/users', {
          method: 'POST',
          body: { ...account, role, password, routingTargetId },
        });
      await create(accounts.officer, 'officer');
      await create(accounts.leadership, 'leadership');
      await create(accounts.liaison, 'liaison', health.id);
      await create(accounts.otherLiaison, 'liaison', agency.id);
    });

    it('shows an officer the demo leak arriving, side by side with its page, without reloading; confirming opens an incident that is routed and e-mailed', async () => {
      const leadership = await signedInPage(accounts.leadership);
      await leadership.page.goto(`${base}/overview`);
      await leadership.page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
      const openBefore = await openIncidentsShown(leadership.page);

      const officer = await signedInPage(accounts.officer);
      const { page } = officer;
      await page.goto(`${base}/triage`);
      await page.getByRole('heading', { name: 'Xử lý cảnh báo' }).waitFor();
      await page.evaluate(() => {
        (globalThis as unknown as { leakwatchNoReload: boolean }).leakwatchNoReload = true;
      });
      // The demo posts its first leak 20 s after start; the crawler, the worker and live updates
      // bring it here (the issue asks for alerts within two minutes of `pnpm start`).
      const group = page.getByRole('button', { name: /\[DEMO\] Danh sách tiếp xúc gần/ });
      await group.waitFor({ timeout: 150_000 });
      const secondsToAlert = (Date.now() - launchedAt) / 1000;
      console.info(
        `first demo alert on the dashboard ${secondsToAlert.toFixed(0)} s after pnpm start`,
      );
      expect(
        await page.evaluate(
          () => (globalThis as unknown as { leakwatchNoReload?: boolean }).leakwatchNoReload,
        ),
        'the alert appeared without a reload',
      ).toBe(true);
      await group.click();
      await page.getByRole('heading', { name: 'Đối chiếu ảnh đăng với tài liệu' }).waitFor();
      await page.getByText('căn cứ quyết định').first().waitFor();
      await page.locator('img.evidence__image').nth(1).waitFor();
      await shoot(page, 'triage');

      // Revealing personal data is a choice, and it is audited.
      const revealed = page.waitForResponse(
        (response) =>
          /\/api\/images\/[^/]+\/revealed$/.test(response.url()) && response.status() === 200,
      );
      await page.getByRole('button', { name: 'Hiện dữ liệu cá nhân' }).click();
      await page.getByText('Việc xem đã được ghi vào nhật ký kiểm toán').waitFor();
      await revealed;
      const audit = await api<{ entries: { action: string; targetType: string | null }[] }>(
        '/api/audit?action=evidence.revealed',
      );
      expect(audit.entries.map((entry) => entry.targetType)).toContain('image');

      incidentTitle = (await group.locator('.group-list__title').textContent()) ?? '';
      await page.keyboard.press('c');
      await page.getByText(/Đã xác nhận \d+ cảnh báo/).waitFor();
      await page.getByRole('link', { name: /Mở sự cố mới/ }).click();
      await page.getByRole('heading', { name: incidentTitle }).waitFor();
      incidentId = page.url().split('/').pop() ?? '';

      // Routed to the health department by the seeded rule, delivered by e-mail.
      const mail = await until('the e-mail to the health department', 60_000, () =>
        Promise.resolve(
          started(smtp, 'the SMTP server').mails.find((received) =>
            received.to.includes(departmentMail),
          ),
        ),
      );
      expect(mail.subject).toContain(incidentTitle);
      expect(mail.text).toContain(`${base}/incidents/${incidentId}`);
      const health = page.getByRole('row', { name: /Sở Y tế tỉnh Lâm Đồng/ }).first();
      await health.getByText('Đã gửi').waitFor({ timeout: 30_000 });
      await page.getByText('Bước tiếp theo').waitFor();
      await shoot(page, 'incident');

      // Leadership's overview counts the new incident, again without a reload.
      await until('the overview to count the incident', 30_000, async () => {
        const now = await openIncidentsShown(leadership.page);
        return now === openBefore + 1 ? now : undefined;
      });
      await shoot(leadership.page, 'overview');
      expect([...officer.problems, ...leadership.problems]).toEqual([]);
      await officer.context.close();
      await leadership.context.close();
    }, 240_000);

    it('shows a liaison only the incidents routed to their department', async () => {
      const routed = await signedInPage(accounts.liaison);
      await routed.page.goto(`${base}/incidents`);
      await routed.page.getByRole('link', { name: incidentTitle }).waitFor();
      await shoot(routed.page, 'incidents-liaison');

      const elsewhere = await signedInPage(accounts.otherLiaison);
      await elsewhere.page.goto(`${base}/incidents`);
      await elsewhere.page.getByRole('heading', { name: 'Sự cố' }).waitFor();
      await elsewhere.page.waitForTimeout(1000);
      expect(await elsewhere.page.getByRole('link', { name: incidentTitle }).count()).toBe(0);
      const direct = await elsewhere.page.request.get(`${base}/api/incidents/${incidentId}`);
      expect(direct.status()).toBe(404);
      expect([...routed.problems, ...elsewhere.problems]).toEqual([]);
      await routed.context.close();
      await elsewhere.context.close();
    });

    it('opens every other page with the demo data in Vietnamese', async () => {
      const { page, context, problems } = await signedInPage('admin', adminEmailAddress);
      const pages: [string, string][] = [
        ['/incidents', 'incidents'],
        ['/documents', 'documents'],
        ['/check', 'check-image'],
        ['/sources', 'sources'],
        ['/admin/users', 'admin-users'],
        ['/admin/routing', 'admin-routing'],
        ['/admin/deadlines', 'admin-deadlines'],
        ['/admin/suppressed', 'admin-suppressed'],
        ['/admin/flood-holds', 'admin-flood-holds'],
      ];
      // A copy of the confirmed leak, as if forwarded from Zalo, for "Check an image".
      const [confirmed] = (
        await api<{ groups: { dedupKey: string }[] }>('/api/alerts/groups?status=confirmed')
      ).groups;
      const [leaked] = (
        await api<{ alerts: { imageId: string }[] }>(
          `/api/alerts?dedupKey=${encodeURIComponent(confirmed?.dedupKey ?? '')}`,
        )
      ).alerts;
      const forwarded = Buffer.from(
        await (
          await fetch(`${base}/api/images/${leaked?.imageId ?? ''}/revealed`, {
            headers: { cookie: admin.cookie },
          })
        ).arrayBuffer(),
      );
      for (const [address, name] of pages) {
        await page.goto(`${base}${address}`);
        await page.locator('h1').first().waitFor();
        expect(await page.locator('h1').first().textContent(), address).not.toBe(
          'Không tìm thấy trang',
        );
        if (name === 'check-image') {
          await page
            .locator('input[type="file"]')
            .setInputFiles({ name: 'anh-zalo.jpg', mimeType: 'image/jpeg', buffer: forwarded });
          await page.getByText('Khớp với tài liệu đã đăng ký').first().waitFor({ timeout: 60_000 });
          await page
            .getByText(incidentTitle.replace(/^.*\[DEMO\]/, '[DEMO]'))
            .first()
            .waitFor();
        }
        await shoot(page, name);
      }
      expect(problems).toEqual([]);
      await context.close();

      if (screenshots) {
        const visitor = await started(browser, 'Chromium').newContext({
          locale: 'vi-VN',
          viewport: { width: 1366, height: 900 },
        });
        const login = await visitor.newPage();
        await login.goto(`${base}/login`);
        await login.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
        await shoot(login, 'login');
        await visitor.close();
      }
    }, 120_000);

    it('meets WCAG 2 A and AA on every page, as axe-core checks it', async () => {
      const { page, context } = await signedInPage('admin', adminEmailAddress, { bypassCSP: true });
      const addresses = [
        '/triage',
        '/incidents',
        `/incidents/${incidentId}`,
        '/documents',
        '/check',
        '/sources',
        '/overview',
        '/admin/users',
        '/admin/routing',
        '/admin/deadlines',
        '/admin/suppressed',
        '/admin/flood-holds',
        '/account/password',
      ];
      const found: string[] = [];
      for (const address of addresses) {
        await page.goto(`${base}${address}`);
        await page.locator('h1').first().waitFor();
        await page.waitForTimeout(1_000);
        await page.addScriptTag({ path: axeScript });
        const violations = await page.evaluate(async () => {
          const axe = (
            globalThis as unknown as {
              axe: {
                run: (
                  context: unknown,
                  options: unknown,
                ) => Promise<{
                  violations: {
                    id: string;
                    impact: string | null;
                    nodes: { target: string[] }[];
                  }[];
                }>;
              };
            }
          ).axe;
          const page = (globalThis as unknown as { document: unknown }).document;
          const result = await axe.run(page, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          });
          return result.violations.map((violation) => ({
            id: violation.id,
            impact: violation.impact,
            where: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
          }));
        });
        for (const violation of violations)
          found.push(
            `${address}: ${violation.id} (${violation.impact ?? '?'}) ${violation.where.join(' | ')}`,
          );
      }
      expect(found).toEqual([]);
      await context.close();
    }, 120_000);
  },
);

/** The open-incidents figure on the overview page. */
async function openIncidentsShown(page: Page): Promise<number> {
  const figure = page.getByTestId('open-incidents');
  await figure.waitFor();
  return Number((await figure.textContent())?.replace(/\D/g, '') ?? 'NaN');
}
