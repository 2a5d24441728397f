import { afterEach, describe, expect, it } from 'vitest';
import { FacebookSimulator, generateGroup, generatePage } from '../src/index.js';

const simulators: FacebookSimulator[] = [];
afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

async function simulate() {
  const group = generateGroup({ seed: 'take-down-group', posts: 6, vanity: 'nhom-go-bo' });
  const page = generatePage({ seed: 'take-down-page', posts: 6, vanity: 'trang-go-bo' });
  const sim = new FacebookSimulator({ groups: [group, page] });
  simulators.push(sim);
  await sim.listen();
  const get = async (url: string, language = 'en-US,en;q=0.9') => {
    const response = await sim.app.inject({
      method: 'GET',
      url,
      headers: { 'accept-language': language, 'sec-fetch-dest': 'document' },
    });
    return { status: response.statusCode, body: response.body };
  };
  return { sim, group, page, get };
}

describe('taking a post down', () => {
  it('answers every address of the post with the "isn\'t available" page and drops it from feeds', async () => {
    const { sim, group, page, get } = await simulate();
    // The newest post of each feed: shown inline on the feed page until it is taken down.
    const groupPost = group.posts.find((post) => !post.pinned);
    const pagePost = page.posts.find((post) => !post.pinned);
    if (!groupPost || !pagePost) throw new Error('no posts generated');
    const addresses = [
      `/groups/${group.vanity}/posts/${groupPost.id}/`,
      `/groups/${group.id}/posts/${groupPost.id}`,
      `/permalink.php?story_fbid=${groupPost.id}&id=${group.id}`,
      `/media/set/?set=pcb.${groupPost.id}`,
    ];
    for (const url of addresses.slice(0, 3)) expect((await get(url)).body).toContain(groupPost.id);
    expect((await get(`/groups/${group.vanity}`)).body).toContain(groupPost.id);
    expect((await get(`/${page.vanity}/posts/${pagePost.id}`)).body).toContain(pagePost.id);

    expect(sim.takeDown(groupPost.id)).toBe(true);
    expect(sim.takeDown(pagePost.id)).toBe(true);
    expect(sim.takeDown('1')).toBe(false);

    for (const url of [...addresses, `/${page.vanity}/posts/${pagePost.id}`]) {
      const answer = await get(url);
      // Facebook answers removed content with 200 and a page saying so, not with a 404.
      expect(answer.status, url).toBe(200);
      expect(answer.body).toContain('This content isn’t available right now');
      expect(answer.body).not.toContain(groupPost.id);
      expect(answer.body).toContain('<title>Facebook</title>');
    }
    const vietnamese = await get(addresses[0] ?? '', 'vi-VN,vi;q=0.9');
    expect(vietnamese.body).toContain('Nội dung này hiện không hiển thị');
    expect((await get(`/groups/${group.vanity}`)).body).not.toContain(groupPost.id);
    expect((await get(`/${page.vanity}`)).body).not.toContain(pagePost.id);
    // Other posts are untouched.
    const other = group.posts.find((post) => post.id !== groupPost.id && !post.pinned);
    expect((await get(`/groups/${group.vanity}/posts/${other?.id ?? ''}`)).body).toContain(
      other?.id ?? 'missing',
    );
  });

  it('takes a post down at its time in a scripted scenario', async () => {
    const { sim, group, get } = await simulate();
    const post = group.posts.find((candidate) => !candidate.pinned);
    if (!post) throw new Error('no posts generated');
    sim.play([{ atMs: 200, takeDown: { postId: post.id } }]);
    const url = `/groups/${group.vanity}/posts/${post.id}`;
    expect((await get(url)).body).toContain(post.id);
    await expect
      .poll(async () => (await get(url)).body.includes('isn’t available'), { timeout: 5_000 })
      .toBe(true);
  });
});
