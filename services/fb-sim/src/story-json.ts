import type { SimCdn } from './cdn.js';
import { feedPath, type SimGroup, type SimPost } from './content.js';

/** How many photos an album shows in the feed; the rest hide behind "+N". */
export const albumTiles = 5;

/** A post as Facebook's Comet GraphQL delivers it (the `Story` node of a feed edge). */
export function storyJson(
  group: SimGroup,
  post: SimPost,
  cdn: SimCdn,
  origin: string,
): Record<string, unknown> {
  const url = `${origin}${feedPath(group)}/posts/${post.id}/`;
  const attachments: unknown[] = [];
  const photoMedia = (photo: SimPost['photos'][number]) => ({
    __typename: 'Photo',
    id: photo.name.split('_')[1],
    image: { uri: photo.externalUrl ?? cdn.url(photo, 's320x320'), width: 320, height: 320 },
    photo_image: {
      uri: photo.externalUrl ?? cdn.url(photo, 's640x640'),
      width: 640,
      height: Math.round((640 * photo.height) / photo.width),
    },
    viewer_image: {
      uri: photo.externalUrl ?? cdn.url(photo, 's2048x2048'),
      width: photo.width,
      height: photo.height,
    },
  });
  if (post.kind === 'photo' && post.photos[0])
    attachments.push({
      styles: {
        __typename: 'StoryAttachmentPhotoStyleRenderer',
        attachment: { media: photoMedia(post.photos[0]) },
      },
    });
  if (post.kind === 'album')
    attachments.push({
      styles: {
        __typename: 'StoryAttachmentAlbumStyleRenderer',
        attachment: {
          url: `${origin}/media/set/?set=pcb.${post.id}`,
          all_subattachments: {
            count: post.photos.length,
            nodes: post.photos.slice(0, albumTiles).map((photo) => ({ media: photoMedia(photo) })),
          },
        },
      },
    });
  if (post.kind === 'video' && post.photos[0])
    attachments.push({
      styles: {
        attachment: {
          media: {
            __typename: 'Video',
            preferred_thumbnail: {
              image: {
                uri: cdn.url(post.photos[0], 's640x640', 't15.5256-10'),
                width: 720,
                height: 1280,
              },
            },
          },
        },
      },
    });
  if (post.kind === 'link' && post.photos[0])
    attachments.push({
      styles: {
        attachment: {
          url: 'https://l.facebook.com/l.php?u=https%3A%2F%2Fbaolamdong.vn%2F',
          media: {
            __typename: 'GenericAttachmentMedia',
            large_share_image: {
              uri: cdn.url(post.photos[0], 's640x640'),
              width: 476,
              height: 249,
            },
          },
        },
      },
    });
  return {
    __typename: 'Story',
    id: Buffer.from(`S:_I${post.authorId}:${post.id}`).toString('base64'),
    post_id: post.id,
    actors: [
      {
        __typename: 'User',
        id: post.authorId,
        name: post.authorName,
        profile_picture: {
          uri: cdn.url(
            { name: `1${post.authorId}_1_1_n.jpg`, width: 40, height: 40 },
            's320x320',
            't39.30808-1',
          ),
        },
      },
    ],
    comet_sections: {
      content: { story: { __typename: 'Story', post_id: post.id, message: { text: post.text } } },
      timestamp: { story: { creation_time: post.createdAt, url } },
    },
    attachments,
    feedback: {
      reaction_count: { count: (Number(post.id.slice(-2)) % 50) + 1 },
      comment_count: { total_count: Number(post.id.slice(-1)) },
    },
    ...(post.shared ? { attached_story: storyJson(group, post.shared, cdn, origin) } : {}),
  };
}
