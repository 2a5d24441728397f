import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLeakwatch } from './support/leakwatch-cli.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-parse-fb-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const photo =
  'https://scontent-hkg4-1.xx.fbcdn.net/v/t39.30808-6/452112233_1029384756_1234567890123456789_n.jpg?stp=dst-jpg_s640x640_tt6&oh=00_AfB1&oe=6745A1B2';

describe('leakwatch parse-facebook', () => {
  it('prints the posts of each saved body and a coded error for files it cannot read', async () => {
    const stream = [
      {
        data: {
          node: {
            group_feed: {
              edges: [
                {
                  node: {
                    __typename: 'Story',
                    post_id: '9001',
                    creation_time: 1626312345,
                    message: { text: 'Danh sách F1' },
                    wwwURL: 'https://www.facebook.com/groups/1/posts/9001/',
                    attachments: [
                      {
                        styles: {
                          attachment: {
                            media: {
                              __typename: 'Photo',
                              photo_image: { uri: photo, width: 640, height: 853 },
                            },
                          },
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        },
      },
      {
        label: 'x$defer$page_info',
        path: ['node'],
        data: { page_info: { end_cursor: 'Y3Vy', has_next_page: true } },
      },
    ]
      .map((line) => JSON.stringify(line).replace(/\//g, '\\/'))
      .join('\n');
    const body = path.join(dir, 'graphql-body.txt');
    await writeFile(body, stream);
    const missing = path.join(dir, 'missing.html');

    const run = await runLeakwatch({ LOG_LEVEL: 'warn' }, [
      'parse-facebook',
      body,
      missing,
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(2);
    expect(run.lines[0]).toMatchObject({
      file: body,
      posts: [
        {
          id: '9001',
          permalink: 'https://www.facebook.com/groups/1/posts/9001/',
          createdAt: '2021-07-15T01:25:45.000Z',
          text: 'Danh sách F1',
          images: [
            {
              url: photo,
              key: '452112233_1029384756_1234567890123456789_n.jpg',
              width: 640,
              height: 853,
              kind: 'photo',
            },
          ],
        },
      ],
      pageInfo: { endCursor: 'Y3Vy', hasNextPage: true },
      errors: [],
    });
    expect(run.lines[1]).toMatchObject({ file: missing, error: { code: 'LW_NOT_FOUND' } });
  });
});
