/**
 * Response bodies built to the formats described in shared/reference/facebook-surface.md
 * (www Comet HTML with data-sjs blocks, the older ScheduledApplyEach script call, `/api/graphql/`
 * NDJSON streams, `/ajax/` `for (;;);` bodies), with invented Vietnamese content.
 */

let counter = 0;
export function cdnUrl(
  options: { bucket?: string; size?: string; name?: string; host?: string } = {},
): string {
  counter += 1;
  const name =
    options.name ?? `${450000000 + counter}_${120000000 + counter}_${9000 + counter}_n.jpg`;
  return `https://${options.host ?? 'scontent-hkg4-1.xx.fbcdn.net'}/v/${options.bucket ?? 't39.30808-6'}/${name}?stp=dst-jpg_${options.size ?? 's640x640'}_tt6&_nc_cat=105&ccb=1-7&_nc_sid=127cfc&_nc_ohc=Xy7&_nc_ht=scontent-hkg4-1.xx&oh=00_AfB${counter}&oe=6745A1B2`;
}

export interface StoryOptions {
  postId: string;
  text?: string;
  createdAt?: number;
  photos?: {
    uri: string;
    width: number;
    height: number;
    viewer?: { uri: string; width: number; height: number };
  }[];
  album?: { count: number; nodes: { uri: string; width: number; height: number }[] };
  video?: { poster: string };
  link?: { image: string };
  shared?: Record<string, unknown>;
  /** Where the permalink is: the 2024 timestamp section or the older metadata list. */
  permalinkAt?: 'timestamp' | 'metadata' | 'wwwURL';
  legacyAttachments?: boolean;
}

export function story(options: StoryOptions): Record<string, unknown> {
  const url = `https://www.facebook.com/groups/ytelamdong/posts/${options.postId}/`;
  const attachments: unknown[] = [];
  for (const photo of options.photos ?? [])
    attachments.push({
      styles: {
        __typename: 'StoryAttachmentPhotoStyleRenderer',
        attachment: {
          media: {
            __typename: 'Photo',
            id: `photo-${options.postId}`,
            photo_image: { uri: photo.uri, width: photo.width, height: photo.height },
            viewer_image: photo.viewer ?? { height: photo.height * 2, width: photo.width * 2 },
          },
        },
      },
    });
  if (options.album)
    attachments.push({
      styles: {
        __typename: 'StoryAttachmentAlbumStyleRenderer',
        attachment: {
          url: `https://www.facebook.com/media/set/?set=pcb.${options.postId}`,
          all_subattachments: {
            count: options.album.count,
            nodes: options.album.nodes.map((node, index) => ({
              media: {
                __typename: 'Photo',
                id: `${options.postId}-${index}`,
                image: { uri: node.uri.replace(/s\d+x\d+/, 's320x320'), width: 320, height: 320 },
                viewer_image: { uri: node.uri, width: node.width, height: node.height },
              },
            })),
          },
        },
      },
    });
  if (options.video)
    attachments.push({
      styles: {
        attachment: {
          media: {
            __typename: 'Video',
            preferred_thumbnail: { image: { uri: options.video.poster, width: 720, height: 1280 } },
          },
        },
      },
    });
  if (options.link)
    attachments.push({
      styles: {
        attachment: {
          url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fbaolamdong.vn%2F',
          media: {
            __typename: 'GenericAttachmentMedia',
            large_share_image: { uri: options.link.image, width: 476, height: 249 },
          },
        },
      },
    });
  const timestampStory = {
    creation_time: options.createdAt ?? 1626312345,
    url,
    id: `ts-${options.postId}`,
  };
  const base: Record<string, unknown> = {
    __typename: 'Story',
    id: `UzpfS${options.postId}`,
    post_id: options.postId,
    actors: [
      {
        __typename: 'User',
        id: '100064',
        name: 'Nguyễn Văn Hùng',
        profile_picture: { uri: cdnUrl({ bucket: 't39.30808-1', size: 'cp0_dst-jpg_s40x40' }) },
      },
    ],
    feedback: {
      reaction_count: { count: 42 },
      comment_count: { total_count: 7 },
      share_count: { count: 3 },
    },
    comet_sections: {
      content: {
        story: {
          __typename: 'Story',
          post_id: options.postId,
          message: options.text === undefined ? null : { text: options.text },
          ...(options.legacyAttachments ? { attachments } : {}),
        },
      },
      ...(options.permalinkAt === 'metadata'
        ? {
            context_layout: {
              story: { comet_sections: { metadata: [{ story: timestampStory }] } },
            },
          }
        : options.permalinkAt === 'wwwURL'
          ? {}
          : { timestamp: { story: timestampStory } }),
    },
    ...(options.legacyAttachments ? {} : { attachments }),
    ...(options.permalinkAt === 'wwwURL'
      ? { wwwURL: url, creation_time: options.createdAt ?? 1626312345 }
      : {}),
    ...(options.shared ? { attached_story: options.shared } : {}),
  };
  return base;
}

const feedLabel =
  'GroupsCometFeedRegularStories_paginationGroup$stream$GroupsCometFeedRegularStories_group_group_feed';

/** A `/api/graphql/` group-feed answer: NDJSON, `data` then `$stream` edges, `$defer` page_info. */
export function graphqlFeedBody(
  stories: Record<string, unknown>[],
  pageInfo: { endCursor: string; hasNextPage: boolean },
): string {
  const [first, ...rest] = stories;
  const lines: unknown[] = [
    {
      data: {
        node: {
          __typename: 'Group',
          id: '1234567890',
          group_feed: { edges: first ? [{ node: first, cursor: null }] : [] },
        },
      },
      extensions: { prefetch_uris_v2: [] },
    },
    ...rest.map((node, index) => ({
      label: feedLabel,
      path: ['node', 'group_feed', 'edges', index + 1],
      data: { node, cursor: null },
    })),
    {
      label:
        'GroupsCometFeedRegularStories_paginationGroup$defer$GroupsCometFeedRegularStories_group_group_feed$page_info',
      path: ['node', 'group_feed'],
      data: { page_info: { end_cursor: pageInfo.endCursor, has_next_page: pageInfo.hasNextPage } },
    },
    { extensions: { is_final: true } },
  ];
  // Facebook escapes slashes and percent signs inside JSON strings.
  return lines
    .map((line) => JSON.stringify(line).replace(/\//g, '\\/').replace(/%/g, '\\u0025'))
    .join('\r\n');
}

/** The first posts of a page, inlined in the 2024 HTML as `data-sjs` JSON blocks. */
export function cometHtml(stories: Record<string, unknown>[]): string {
  const blocks = stories.map(
    (node) =>
      `<script type="application/json" data-content-len="9999" data-sjs>${JSON.stringify({
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
                        'adp_CometGroupDiscussionRootSuccessQuery',
                        {
                          __bbox: {
                            complete: true,
                            result: { data: { node: { group_feed: { edges: [{ node }] } } } },
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
      }).replace(/\//g, '\\/')}</script>`,
  );
  return `<!DOCTYPE html><html lang="vi"><head><title>Y tế Lâm Đồng | Facebook</title></head><body><div class="x9f619 x1n2onr6"><div role="feed"></div></div>${blocks.join('')}<script>requireLazy(["TimeSliceImpl"], function(t){t.guard(function(){ if (a > b) { run({x: 1}); } }, "x")();});</script></body></html>`;
}

/** The older inline form: a JavaScript call with an object literal argument. */
export function scheduledApplyEachHtml(stories: Record<string, unknown>[]): string {
  const payload = JSON.stringify({
    define: [['SiteData', [], { server_revision: 1004000000 }, 317]],
    require: stories.map((node) => [
      'RelayPrefetchedStreamCache',
      'next',
      [],
      ['adp_x', { __bbox: { complete: true, result: { data: { node } } } }],
    ]),
  });
  return `<html><body><script nonce="abc">requireLazy(["ServerJS","ScheduledApplyEach"], function(ServerJS, ScheduledApplyEach){ (new ServerJS()).handleWithCustomApplyEach(ScheduledApplyEach, ${payload}); });</script></body></html>`;
}

/** An `/ajax/` body with the anti-hijacking prefix. */
export function ajaxBody(payload: unknown): string {
  return `for (;;);${JSON.stringify(payload)}`;
}
