import { afterEach, describe, expect, it } from 'vitest';
import { FacebookSimulator, generateGroup, type SimPost } from '../src/index.js';

const simulators: FacebookSimulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

async function groupPage(sim: FacebookSimulator, group: string) {
  const response = await sim.app.inject({ method: 'GET', url: `/groups/${group}` });
  return { status: response.statusCode, body: response.body, location: response.headers.location };
}

const leak: SimPost = {
  id: '1999999999999777',
  createdAt: 1_626_780_000,
  authorId: '100064000002',
  authorName: 'Người đăng ẩn danh',
  text: 'Danh sách F1 phường 3 đây mọi người',
  kind: 'photo',
  photos: [{ name: '241000001_100000999001_1234567890_n.jpg', width: 1536, height: 2048 }],
};

describe('scripted scenarios', () => {
  it('publishes, deletes and switches walls at their times, in order', async () => {
    const group = generateGroup({ seed: 'scripted', posts: 5, vanity: 'nhom-kich-ban' });
    const sim = new FacebookSimulator({ groups: [group] });
    simulators.push(sim);
    await sim.listen();
    const started = Date.now();
    sim.play([
      { atMs: 300, publish: { group: 'nhom-kich-ban', post: leak } },
      { atMs: 1_500, delete: { group: 'nhom-kich-ban', postId: leak.id } },
      { atMs: 2_500, scenario: { loginRequired: true } },
    ]);
    const shows = async () => (await groupPage(sim, 'nhom-kich-ban')).body.includes(leak.id);
    // Nothing has happened yet (checked without a request, which takes time on a busy machine).
    expect(group.posts.some((post) => post.id === leak.id)).toBe(false);
    await expect.poll(shows, { timeout: 5_000, interval: 20 }).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await expect.poll(shows, { timeout: 5_000, interval: 20 }).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_490);
    await expect
      .poll(async () => (await groupPage(sim, 'nhom-kich-ban')).location ?? '', {
        timeout: 5_000,
        interval: 20,
      })
      .toContain('/login/');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_490);
  });

  it('cancels what has not happened yet when it closes', async () => {
    const group = generateGroup({ seed: 'scripted-close', posts: 3 });
    const sim = new FacebookSimulator({ groups: [group] });
    await sim.listen();
    sim.play([{ atMs: 100, publish: { group: group.vanity, post: leak } }]);
    await sim.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(group.posts.map((post) => post.id)).not.toContain(leak.id);
  });
});
