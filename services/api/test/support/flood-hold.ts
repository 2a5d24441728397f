import type { FloodGuardPolicy, Repositories } from '@leakwatch/db';
import { decideFloodHold, floodHoldNotification } from '@leakwatch/incidents';
import { matchAlert, recordAlert, registerFakeDocument } from '@leakwatch/testkit';

/** The worker's flood guard with a low bar (three alerts in an hour), so tests flood quickly. */
export const quickFloodGuard: FloodGuardPolicy = {
  windowMinutes: 60,
  baselineDays: 7,
  decide: (counts) =>
    decideFloodHold(counts, { windowMinutes: 60, minimumAlerts: 3, factor: 10, baselineDays: 7 }),
  notification: (hold, recipients) =>
    floodHoldNotification(hold, recipients, 'http://leakwatch.test'),
};

/** A fake registered page to flood. */
export async function registerPage(repos: Repositories, title = 'Mẫu phiếu khai báo y tế') {
  const { document, page } = await registerFakeDocument(repos, { title });
  return { documentId: document.id, pageId: page.id };
}

/** A new image matched to `page`, its verdict recorded under the quick flood guard. */
export async function recordMatch(
  repos: Repositories,
  page: { documentId: string; pageId: string },
): Promise<string> {
  const { alert } = await recordAlert(repos, {
    alert: matchAlert(page),
    floodGuard: quickFloodGuard,
  });
  return alert.id;
}

/** A page flooded with `alerts` matches (at least the three that open its hold). */
export async function openFloodHold(repos: Repositories, alerts = 3) {
  const page = await registerPage(repos);
  const alertIds: string[] = [];
  for (let i = 0; i < alerts; i += 1) alertIds.push(await recordMatch(repos, page));
  const hold = (await repos.floodHolds.list()).find(
    (candidate) => candidate.pageId === page.pageId && candidate.endedAt === null,
  );
  if (!hold) throw new Error('no flood hold opened');
  return { hold, page, alertIds };
}
