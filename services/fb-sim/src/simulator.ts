import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { SimCdn, photoBytes, type SizeVariant } from './cdn.js';
import type { SimGroup, SimPhoto, SimPost } from './content.js';
import {
  GeneratedClasses,
  escapeHtml,
  feedScript,
  scriptJson,
  unavailablePage,
  wallPage,
} from './pages.js';
import { albumTiles, storyJson } from './story-json.js';

export interface SimulatorOptions {
  groups: SimGroup[];
  /** Changes the generated class names, as a new Facebook deploy does. */
  build?: string;
  /** Posts per GraphQL page (Facebook: 3). */
  pageSize?: number;
  /** How long CDN URLs stay valid. */
  cdnLifetimeSeconds?: number;
  /** Every n-th page repeats the last post of the previous one, as the real feed sometimes does. */
  duplicateEvery?: number;
}

/** Scripted misbehaviour, switched on by tests and the demo. */
export interface Scenario {
  /** After this many GraphQL requests, answer rate-limit errors and then serve the block page. */
  blockAfterRequests?: number;
  blockForMs?: number;
  /** Logged-out visitors are sent to the login page (as for most groups). */
  loginRequired?: boolean;
  /** Serve the checkpoint interstitial instead of any page. */
  checkpoint?: boolean;
  /** Logged-out visitors get a dismissable login modal after this many posts (no more load until closed). */
  loginModalAfterPosts?: number;
  /** `c_user` ids whose sessions have expired: they are treated as logged out. */
  expiredSessions?: string[];
  /** Visitors without a consent cookie get the blocking cookie-consent dialog (EU region). */
  cookieConsent?: boolean;
  /**
   * Bare HTTP clients (page requests without the `Sec-Fetch-Dest: document` header that a
   * browser's navigation carries) are sent to the login page, as Facebook does to scripts.
   */
  strictClients?: boolean;
}

/**
 * One step of a scripted scenario, `atMs` after `play()`: "post a leaked document photo at
 * t=30 s", "delete that post at t=5 min", "block after 40 requests from t=2 min".
 */
export type ScriptedEvent =
  | { atMs: number; publish: { group: string; post: SimPost } }
  | { atMs: number; delete: { group: string; postId: string } }
  | { atMs: number; takeDown: { postId: string } }
  | { atMs: number; scenario: Partial<Scenario> };

/** What differs between a group's feed and a page's timeline in Facebook's Comet responses. */
const feedShapes = {
  group: {
    friendlyName: 'GroupsCometFeedRegularStoriesPaginationQuery',
    typename: 'Group',
    feedField: 'group_feed',
    streamLabel: 'GroupsCometFeedRegularStories_group_group_feed',
    rootQuery: 'adp_CometGroupDiscussionRootSuccessQuery',
  },
  page: {
    friendlyName: 'ProfileCometTimelineFeedRefetchQuery',
    typename: 'User',
    feedField: 'timeline_list_feed_units',
    streamLabel: 'ProfileCometTimelineFeed_user_timeline_list_feed_units',
    rootQuery: 'adp_ProfileCometTimelineListViewRootQuery',
  },
} as const;

const shapeOf = (owner: SimGroup) => feedShapes[owner.kind ?? 'group'];

/**
 * A local stand-in for www.facebook.com's group pages: the HTML a browser gets (generated classes,
 * first posts inline as data-sjs JSON, lazy images), the GraphQL NDJSON pagination behind the
 * infinite scroll, signed expiring CDN images, album media sets, permalinks, walls and blocks.
 */
export class FacebookSimulator {
  readonly app: FastifyInstance;
  readonly scenario: Scenario = {};
  origin = '';
  private cdn: SimCdn | undefined;
  private classes: GeneratedClasses;
  private graphqlRequests = 0;
  private blockedUntil = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Every CDN file name served, with its variant (tests check what was downloaded). */
  readonly served: { name: string; variant: SizeVariant }[] = [];

  constructor(private readonly options: SimulatorOptions) {
    this.classes = new GeneratedClasses(options.build ?? 'build-1');
    // Facebook answers an address with or without its trailing slash.
    this.app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
    this.app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    this.routes();
  }

  /** Listens on loopback only: the simulator is for this machine's tests and demo. */
  async listen(port = 0): Promise<string> {
    await this.app.listen({ host: '127.0.0.1', port });
    const address = this.app.server.address();
    if (!address || typeof address === 'string') throw new Error('simulator has no port');
    this.origin = `http://127.0.0.1:${address.port}`;
    this.cdn = new SimCdn(this.origin, 'sim-cdn-secret', this.options.cdnLifetimeSeconds ?? 3_600);
    return this.origin;
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return this.app.close();
  }

  /** Runs a script of timed events; each applies once at its time. Closing cancels the rest. */
  play(events: readonly ScriptedEvent[]): void {
    for (const event of events) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if ('publish' in event) this.publish(event.publish.group, event.publish.post);
        else if ('delete' in event) this.delete(event.delete.group, event.delete.postId);
        else if ('takeDown' in event) this.takeDown(event.takeDown.postId);
        else Object.assign(this.scenario, event.scenario);
      }, event.atMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  /** Changes the "build": new class names on every page from now on. */
  redeploy(build: string): void {
    this.classes = new GeneratedClasses(build);
  }

  /** A group or page by id or vanity name. */
  group(key: string): SimGroup | undefined {
    return this.options.groups.find((g) => g.id === key || g.vanity === key);
  }

  /** A feed at a group address or a page address: a page is not found under /groups/ and back. */
  private feed(key: string, kind: 'group' | 'page'): SimGroup | undefined {
    const found = this.group(key);
    return found && (found.kind ?? 'group') === kind ? found : undefined;
  }

  /** Publishes a post at the top of a group's feed (after a pinned one). */
  publish(groupKey: string, post: SimPost): void {
    const group = this.group(groupKey);
    if (!group) throw new Error(`no group ${groupKey}`);
    const at = group.posts[0]?.pinned ? 1 : 0;
    group.posts.splice(at, 0, post);
  }

  delete(groupKey: string, postId: string): void {
    const post = this.group(groupKey)?.posts.find((p) => p.id === postId);
    if (post) post.deletedAt = Date.now() / 1000;
  }

  /**
   * Takes a post down as Facebook does when it grants a takedown request: its permalinks (every
   * address) and its media set answer the "this content isn't available" page, and no feed
   * lists it any more. Returns false for an unknown post id.
   */
  takeDown(postId: string): boolean {
    const found = this.findPost(postId);
    if (!found) return false;
    found.post.removedAt = Date.now() / 1000;
    return true;
  }

  private get cdnOrThrow(): SimCdn {
    if (!this.cdn) throw new Error('the simulator is not listening yet');
    return this.cdn;
  }

  /** The post as a person sees it on its own page: full text and its first photos. */
  private permalinkArticle(post: SimPost): string {
    const images = post.photos
      .slice(0, 5)
      .map(
        (photo) =>
          `<img src="${escapeHtml(this.cdnOrThrow.url(photo, 's640x640'))}" width="480" referrerpolicy="origin-when-cross-origin" alt="">`,
      )
      .join('');
    return `<div class="${this.classes.of('article')}" role="article" aria-posinset="1"><div dir="auto" class="${this.classes.of('text')}">${escapeHtml(post.text)}</div>${images}</div>`;
  }

  private visible(group: SimGroup): SimPost[] {
    return group.posts.filter(
      (post) => post.deletedAt === undefined && post.removedAt === undefined,
    );
  }

  /** A wall or block, if one applies now; answers it and returns true. */
  private wall(request: FastifyRequest, reply: FastifyReply, loggedIn: boolean): boolean {
    const next = request.url;
    if (this.scenario.strictClients && request.headers['sec-fetch-dest'] !== 'document') {
      void reply.redirect(`/login/?next=${encodeURIComponent(next)}`);
      return true;
    }
    if (this.scenario.checkpoint) {
      void reply.redirect(`/checkpoint/?next=${encodeURIComponent(next)}`);
      return true;
    }
    if (Date.now() < this.blockedUntil) {
      void reply
        .type('text/html')
        .send(
          wallPage(
            'You’re Temporarily Blocked',
            'It looks like you were misusing this feature by going too fast.',
          ),
        );
      return true;
    }
    if (this.scenario.loginRequired && !loggedIn) {
      void reply.redirect(`/login/?next=${encodeURIComponent(next)}`);
      return true;
    }
    return false;
  }

  private routes(): void {
    const app = this.app;
    const loggedIn = (cookie: string | undefined) => {
      const user = /(?:^|;\s*)c_user=(\d+)/.exec(cookie ?? '')?.[1];
      return user !== undefined && !(this.scenario.expiredSessions ?? []).includes(user);
    };

    // Removed content is answered 200 with a page saying so, in the visitor's language.
    const unavailable = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
      const vietnamese = /^vi\b/i.test(request.headers['accept-language'] ?? '');
      return reply
        .type('text/html; charset=utf-8')
        .send(
          vietnamese
            ? unavailablePage(
                'Nội dung này hiện không hiển thị',
                'Lỗi này thường do chủ sở hữu chỉ chia sẻ nội dung với một nhóm nhỏ, thay đổi người được xem hoặc đã xóa nội dung.',
                'Đi tới Bảng feed',
              )
            : unavailablePage(
                'This content isn’t available right now',
                'When this happens, it’s usually because the owner only shared it with a small group of people, changed who can see it or it’s been deleted.',
                'Go to News Feed',
              ),
        );
    };

    const serveFeed = (
      request: FastifyRequest,
      reply: FastifyReply,
      group: SimGroup | undefined,
    ): FastifyReply => {
      if (this.wall(request, reply, loggedIn(request.headers.cookie))) return reply;
      if (!group)
        return reply
          .code(404)
          .type('text/html')
          .send(wallPage('Content not found', 'This content isn’t available right now'));
      const shape = shapeOf(group);
      const posts = this.visible(group);
      const first = posts.slice(0, 3);
      const hasNext = posts.length > first.length;
      const cursor = hasNext ? encodeCursor(group.id, first.length) : null;
      const article = this.classes.of('article');
      const textClass = this.classes.of('text');
      const articles = first
        .map((post, index) => {
          const image = post.photos[0];
          const imageTag = image
            ? `<img data-src="${escapeHtml(this.cdnOrThrow.url(image, 's640x640'))}" referrerpolicy="origin-when-cross-origin" alt="">`
            : '';
          return `<div class="${article}" role="article" aria-posinset="${index + 1}"><div dir="auto" class="${textClass}">${escapeHtml(post.text.slice(0, 80))}</div>${imageTag}</div>`;
        })
        .join('');
      const inline = first
        .map(
          (post) =>
            `<script type="application/json" data-content-len="1" data-sjs>${scriptJson({
              require: [
                [
                  'ScheduledServerJS',
                  'handle',
                  null,
                  [
                    {
                      __bbox: {
                        require: [
                          [
                            'RelayPrefetchedStreamCache',
                            'next',
                            [],
                            [
                              shape.rootQuery,
                              {
                                __bbox: {
                                  complete: true,
                                  result: {
                                    data: {
                                      node: {
                                        __typename: shape.typename,
                                        id: group.id,
                                        [shape.feedField]: {
                                          edges: [
                                            {
                                              node: storyJson(
                                                group,
                                                post,
                                                this.cdnOrThrow,
                                                this.origin,
                                              ),
                                            },
                                          ],
                                        },
                                      },
                                    },
                                  },
                                },
                              },
                            ],
                          ],
                        ],
                      },
                    },
                  ],
                ],
              ],
            })}</script>`,
        )
        .join('');
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(group.name)} | Facebook</title></head><body><div class="${this.classes.of('root')}"><div role="feed" class="${this.classes.of('feed')}">${articles}</div></div>${inline}<script>${feedScript({ groupId: group.id, friendlyName: shape.friendlyName, feedField: shape.feedField, cursor, hasNext, articleClass: article, textClass, ...(this.scenario.loginModalAfterPosts !== undefined && !loggedIn(request.headers.cookie) ? { loginModalAfter: this.scenario.loginModalAfterPosts } : {}), askCookieConsent: this.scenario.cookieConsent === true && !/(?:^|;\s*)consent_choice=/.test(request.headers.cookie ?? '') })}</script></body></html>`,
        );
    };

    app.get<{ Params: { group: string } }>('/groups/:group', (request, reply) =>
      serveFeed(request, reply, this.feed(request.params.group, 'group')),
    );
    app.get<{ Params: { page: string } }>('/:page', (request, reply) =>
      serveFeed(request, reply, this.feed(request.params.page, 'page')),
    );
    app.get<{ Querystring: { id?: string } }>('/profile.php', (request, reply) =>
      serveFeed(request, reply, this.feed(request.query.id ?? '', 'page')),
    );

    app.post<{ Body: Record<string, string> }>('/api/graphql/', async (request, reply) => {
      const body = request.body;
      void reply.type('text/html; charset="utf-8"');
      const asked = Object.values(feedShapes).find(
        (shape) => shape.friendlyName === body['fb_api_req_friendly_name'],
      );
      if (!asked)
        return reply.send(
          JSON.stringify({ errors: [{ message: 'Unknown query', code: 1357004 }] }),
        );
      this.graphqlRequests += 1;
      const limit = this.scenario.blockAfterRequests;
      if (Date.now() < this.blockedUntil || (limit !== undefined && this.graphqlRequests > limit)) {
        if (Date.now() >= this.blockedUntil)
          this.blockedUntil = Date.now() + (this.scenario.blockForMs ?? 600_000);
        return reply.send(
          JSON.stringify({
            errors: [{ message: 'Rate limit exceeded', severity: 'CRITICAL', code: 1675004 }],
            data: null,
          }),
        );
      }
      let variables: { cursor?: string; count?: number };
      try {
        variables = JSON.parse(body['variables'] ?? '{}') as typeof variables;
      } catch {
        return reply.send(
          JSON.stringify({ errors: [{ message: 'Invalid variables', code: 1675030 }] }),
        );
      }
      const position = decodeCursor(variables.cursor);
      const group = position ? this.group(position.groupId) : undefined;
      if (!group || !position || shapeOf(group) !== asked)
        return reply.send(
          JSON.stringify({ errors: [{ message: 'Invalid cursor', code: 1675030 }] }),
        );
      const shape = asked;
      const posts = this.visible(group);
      const size = this.options.pageSize ?? 3;
      const page = Math.floor(position.offset / size);
      const duplicate =
        this.options.duplicateEvery && page > 0 && page % this.options.duplicateEvery === 0;
      const from = duplicate ? position.offset - 1 : position.offset;
      const slice = posts.slice(from, position.offset + size);
      const end = position.offset + size;
      const lines: unknown[] = [
        {
          data: {
            node: {
              __typename: shape.typename,
              id: group.id,
              [shape.feedField]: {
                edges: slice.slice(0, 1).map((post) => ({
                  node: storyJson(group, post, this.cdnOrThrow, this.origin),
                  cursor: null,
                })),
              },
            },
          },
          extensions: { prefetch_uris_v2: [] },
        },
        ...slice.slice(1).map((post, index) => ({
          label: `${shape.friendlyName}$stream$${shape.streamLabel}`,
          path: ['node', shape.feedField, 'edges', index + 1],
          data: { node: storyJson(group, post, this.cdnOrThrow, this.origin), cursor: null },
        })),
        {
          label: `${shape.friendlyName}$defer$${shape.streamLabel}$page_info`,
          path: ['node', shape.feedField],
          data: {
            page_info: {
              end_cursor: encodeCursor(group.id, end),
              has_next_page: end < posts.length,
            },
          },
        },
        { extensions: { is_final: true } },
      ];
      return reply.send(lines.map(scriptJson).join('\r\n'));
    });

    app.get<{ Params: { bucket: string; name: string }; Querystring: Record<string, string> }>(
      '/v/:bucket/:name',
      async (request, reply) => {
        const { name } = request.params;
        const variant = this.cdnOrThrow.check(
          name,
          request.query['stp'],
          request.query['oh'],
          request.query['oe'],
        );
        if (!variant) return reply.code(403).type('text/plain').send('URL signature mismatch');
        const photo = this.findPhoto(name);
        if (!photo) return reply.code(404).type('text/plain').send('not found');
        this.served.push({ name, variant });
        if (photo.raw) return reply.type(photo.raw.contentType).send(photo.raw.bytes);
        return reply
          .type('image/jpeg')
          .header('cache-control', 'max-age=1209600')
          .send(await photoBytes(photo, variant));
      },
    );

    app.get<{ Querystring: { set?: string } }>('/media/set/', async (request, reply) => {
      if (this.wall(request, reply, loggedIn(request.headers.cookie))) return reply;
      const postId = /^pcb\.(\d+)$/.exec(request.query.set ?? '')?.[1];
      const found = postId ? this.findPost(postId) : undefined;
      if (found?.post.removedAt !== undefined) return unavailable(request, reply);
      if (!found || found.post.deletedAt !== undefined)
        return reply
          .code(404)
          .type('text/html')
          .send(wallPage('Content not found', 'This content isn’t available right now'));
      // The media set lists every photo of the album (the feed shows the first five).
      const story = storyJson(found.group, { ...found.post }, this.cdnOrThrow, this.origin);
      const attachment = (
        story['attachments'] as {
          styles: { attachment: { all_subattachments?: { nodes: unknown[]; count: number } } };
        }[]
      )[0]?.styles.attachment;
      if (attachment?.all_subattachments) {
        attachment.all_subattachments.nodes = found.post.photos.map((photo) => ({
          media: {
            __typename: 'Photo',
            viewer_image: {
              uri: this.cdnOrThrow.url(photo, 's2048x2048'),
              width: photo.width,
              height: photo.height,
            },
          },
        }));
      }
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!DOCTYPE html><html><head><title>Ảnh | Facebook</title></head><body><script type="application/json" data-sjs>${scriptJson({ require: [['RelayPrefetchedStreamCache', 'next', [], ['adp_media', { __bbox: { result: { data: { node: story } } } }]]] })}</script></body></html>`,
        );
    });

    const servePermalink = (
      request: FastifyRequest,
      reply: FastifyReply,
      group: SimGroup | undefined,
      postId: string,
    ): FastifyReply => {
      if (this.wall(request, reply, loggedIn(request.headers.cookie))) return reply;
      const post = group?.posts.find((p) => p.id === postId);
      if (group && post?.removedAt !== undefined) return unavailable(request, reply);
      if (!group || !post || post.deletedAt !== undefined)
        return reply
          .code(404)
          .type('text/html')
          .send(wallPage('Content not found', 'This content isn’t available right now'));
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!DOCTYPE html><html><head><title>${escapeHtml(post.text.slice(0, 40))} | Facebook</title></head><body><div role="main">${this.permalinkArticle(post)}</div><script type="application/json" data-sjs>${scriptJson({ require: [['RelayPrefetchedStreamCache', 'next', [], ['adp_post', { __bbox: { result: { data: { node: storyJson(group, post, this.cdnOrThrow, this.origin) } } } }]]] })}</script></body></html>`,
        );
    };
    app.get<{ Params: { group: string; post: string } }>(
      '/groups/:group/posts/:post',
      (request, reply) =>
        servePermalink(
          request,
          reply,
          this.feed(request.params.group, 'group'),
          request.params.post,
        ),
    );
    // The same post under the other addresses Facebook gives it.
    app.get<{ Querystring: { story_fbid?: string; id?: string } }>(
      '/permalink.php',
      (request, reply) => {
        const found = this.findPost(request.query.story_fbid ?? '');
        const owner = request.query.id;
        const group = found && (!owner || owner === found.group.id) ? found.group : undefined;
        return servePermalink(request, reply, group, request.query.story_fbid ?? '');
      },
    );
    app.get<{ Params: { page: string; post: string } }>('/:page/posts/:post', (request, reply) =>
      servePermalink(request, reply, this.feed(request.params.page, 'page'), request.params.post),
    );

    app.get('/login/', (_request, reply) =>
      reply
        .type('text/html')
        .send(
          wallPage('Log in to Facebook', 'You must log in to continue.').replace(
            '</div>',
            '<form id="login_form" method="post"><input name="email"><input name="pass" type="password"></form></div>',
          ),
        ),
    );
    app.get('/checkpoint/', (_request, reply) =>
      reply
        .type('text/html')
        .send(
          wallPage(
            'Security check',
            'We suspended your account. Confirm your identity to continue.',
          ),
        ),
    );
  }

  /** Which feed a post id is in (top-level posts and the posts they share). */
  private findPost(postId: string): { group: SimGroup; post: SimPost } | undefined {
    for (const group of this.options.groups) {
      for (const post of group.posts) {
        if (post.id === postId) return { group, post };
        if (post.shared?.id === postId) return { group, post: post.shared };
      }
    }
    return undefined;
  }

  private findPhoto(name: string): SimPhoto | undefined {
    // Shares can nest (a share of a share): every level's photos are on the CDN.
    const inPost = (post: SimPost): SimPhoto | undefined =>
      post.photos.find((photo) => photo.name === name) ??
      (post.shared ? inPost(post.shared) : undefined);
    for (const group of this.options.groups)
      for (const post of group.posts) {
        const found = inPost(post);
        if (found) return found;
      }
    return undefined;
  }
}

export { albumTiles };

function encodeCursor(groupId: string, offset: number): string {
  return Buffer.from(JSON.stringify({ g: groupId, o: offset, t: 'AQHR' })).toString('base64');
}

function decodeCursor(cursor: string | undefined): { groupId: string; offset: number } | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as {
      g?: unknown;
      o?: unknown;
    };
    return typeof parsed.g === 'string' && typeof parsed.o === 'number'
      ? { groupId: parsed.g, offset: parsed.o }
      : undefined;
  } catch {
    return undefined;
  }
}
