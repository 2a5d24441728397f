// The simulated Facebook of `pnpm bench:load`: many groups and pages holding the posts, and the
// pictures of those posts drawn on request from a few seeded base images, each picture a crop
// window of its own, so 100,000 distinct images never sit in memory at once.
import sharp from 'sharp';
import {
  makeDistractor,
  Random,
  type CorpusRenderer,
  type DistractorKind,
} from '@leakwatch/corpus';
import { photoName, type SimGroup, type SimPhoto, type SimPost } from '@leakwatch/fb-sim';

/**
 * The feed's image mix, as docs/operations.md assumes for sizing: 80 % photos, 15 % text images
 * (cards, memes, news screenshots), 5 % document-like (other agencies' letters, read in full).
 */
export const imageMix: readonly (readonly [DistractorKind, number])[] = [
  ['photo', 0.8],
  ['text-card', 0.05],
  ['meme', 0.05],
  ['news-screenshot', 0.05],
  ['other-agency-letter', 0.05],
];

/** Base images per kind: few enough to render in a minute, enough that feeds do not repeat. */
const basesPerKind: Record<DistractorKind, number> = {
  photo: 8,
  'text-card': 4,
  meme: 4,
  'news-screenshot': 4,
  'other-agency-letter': 4,
};

interface BaseImage {
  pixels: Buffer;
  width: number;
  height: number;
  /** How far the crop window may move on each axis. */
  margin: number;
}

/** A picture of the feed: its size as uploaded and how to draw it at any size. */
export interface FeedPicture {
  kind: DistractorKind;
  width: number;
  height: number;
  draw: (width: number, height: number) => Promise<Buffer>;
}

/**
 * Feed pictures made from seeded base images of each kind (corpus distractors: scene photos
 * drawn in process, cards, memes, news screenshots and letters rendered by Chromium). The n-th
 * picture of a base is the window at its own offset, so no two pictures share their pixels.
 */
export class FeedPictures {
  private readonly counters = new Map<DistractorKind, number>();

  private constructor(private readonly bases: ReadonlyMap<DistractorKind, BaseImage[]>) {}

  static async open(renderer: CorpusRenderer, seed: string): Promise<FeedPictures> {
    const bases = new Map<DistractorKind, BaseImage[]>();
    for (const [kind] of imageMix) {
      const made: BaseImage[] = [];
      for (let index = 0; index < basesPerKind[kind]; index += 1) {
        const id = `${seed}-${kind}-${index}`;
        const distractor = await makeDistractor(kind, new Random(id), renderer, id);
        const { data, info } = await sharp(distractor.bytes)
          .rotate()
          .flatten({ background: '#ffffff' })
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
        const wanted = kind === 'photo' ? 128 : 48;
        made.push({
          pixels: data,
          width: info.width,
          height: info.height,
          margin: Math.min(wanted, Math.floor(Math.min(info.width, info.height) / 8)),
        });
      }
      bases.set(kind, made);
    }
    return new FeedPictures(bases);
  }

  /** The next picture of a kind. */
  next(kind: DistractorKind): FeedPicture {
    const bases = this.bases.get(kind) ?? [];
    const count = this.counters.get(kind) ?? 0;
    this.counters.set(kind, count + 1);
    const base = bases[count % bases.length];
    if (!base) throw new Error(`no base images of kind ${kind}`);
    const nth = Math.floor(count / bases.length);
    const steps = base.margin + 1;
    const windows = steps * steps;
    // Past every window offset, the JPEG quality changes too: still distinct bytes.
    const round = Math.floor(nth / windows);
    if (round >= 20) throw new Error(`too many ${kind} pictures for ${bases.length} base images`);
    const window = {
      left: nth % steps,
      top: Math.floor(nth / steps) % steps,
      width: base.width - base.margin,
      height: base.height - base.margin,
    };
    const quality = 90 - round;
    return {
      kind,
      width: window.width,
      height: window.height,
      draw: async (width, height) => {
        const cropped = sharp(base.pixels, {
          raw: { width: base.width, height: base.height, channels: 3 },
        }).extract(window);
        const sized =
          width === window.width && height === window.height
            ? cropped
            : cropped.resize(width, height, { fit: 'fill' });
        return sized.jpeg({ quality }).toBuffer();
      },
    };
  }
}

/** The size the simulated CDN serves a picture at when the largest variant is asked for. */
export function largestVariant(picture: { width: number; height: number }): {
  width: number;
  height: number;
} {
  const scale = Math.min(1, 2048 / Math.max(picture.width, picture.height));
  return {
    width: Math.max(1, Math.round(picture.width * scale)),
    height: Math.max(1, Math.round(picture.height * scale)),
  };
}

const groupAuthors = [
  'Nguyễn Văn Hùng',
  'Trần Thị Mai',
  'Lê Minh Tuấn',
  'Phạm Thu Hà',
  'Đỗ Quang Vinh',
  'Hoàng Bảo Ngọc',
  'Vũ Thị Lan',
  'Bùi Đức Anh',
];
const captions = [
  'Bà con phường 2 lưu ý lịch tiêm mũi 2 tại trạm y tế.',
  'Chợ Đà Lạt hôm nay đông quá, mọi người nhớ đeo khẩu trang nhé.',
  'Ai biết chỗ nào xét nghiệm nhanh ở Bảo Lộc không ạ?',
  'Cập nhật tình hình dịch trên địa bàn huyện Lâm Hà.',
  'Sáng nay trời Đà Lạt mưa nhẹ, đường Trần Hưng Đạo kẹt xe.',
  'Xin thông tin khu cách ly tập trung ở Đức Trọng.',
  'Cảm ơn các y bác sĩ tuyến đầu chống dịch!',
  'Sở Y tế Lâm Đồng khuyến cáo người dân chủ động tiêm vắc xin.',
];

export interface LoadWorld {
  /** Groups and pages (every third source is a page), each feed newest first. */
  feeds: SimGroup[];
  /** Every post's Facebook id, and every picture's CDN file name with its kind. */
  postIds: Set<string>;
  pictures: Map<string, FeedPicture>;
}

/**
 * Spreads `posts` posts over `sources` feeds and `images` pictures over the posts: a quarter
 * text only, the rest one photo or an album (2 or more photos), the kinds of picture drawn from
 * `imageMix`. Posts are dated before `now`, newest first, as a feed shows its history.
 */
export function buildWorld(options: {
  seed: string;
  posts: number;
  images: number;
  sources: number;
  pictures: FeedPictures;
  now: number;
}): LoadWorld {
  const random = new Random(`${options.seed}:world`);
  const { posts, images } = options;
  // Posts carrying pictures, and how many of them are albums.
  const bearing = Math.min(Math.round(posts * 0.75), images);
  const albums =
    images > bearing ? Math.max(1, Math.min(Math.round(bearing * (35 / 75)), images - bearing)) : 0;
  const counts = Array.from({ length: posts }, (_, index): number => (index < bearing ? 1 : 0));
  for (let index = 0; index < albums; index += 1) counts[index] = 2;
  for (let extra = bearing + albums; extra < images; extra += 1) {
    const album = random.int(0, albums - 1);
    counts[album] = (counts[album] ?? 0) + 1;
  }
  const shuffled = random.shuffle(counts);

  const kindRandom = random.fork('kinds');
  const pickKind = (): DistractorKind => {
    let roll = kindRandom.next();
    for (const [kind, share] of imageMix) {
      if (roll < share) return kind;
      roll -= share;
    }
    return 'photo';
  };

  const feeds: SimGroup[] = Array.from({ length: options.sources }, (_, index) => {
    const page = index % 3 === 2;
    const id = String(100_000_000_000_000 + 7_000_000 + index);
    return {
      id,
      vanity: page ? `trang-tin-${index}` : `cong-dong-${index}`,
      name: page ? `Tin tức địa phương ${index}` : `Cộng đồng Lâm Đồng ${index}`,
      kind: page ? 'page' : 'group',
      posts: [],
    };
  });
  const postIds = new Set<string>();
  const pictures = new Map<string, FeedPicture>();
  const clocks = feeds.map(() => Math.floor(options.now / 1000));
  for (const [index, count] of shuffled.entries()) {
    const feedIndex = index % feeds.length;
    const feed = feeds[feedIndex];
    if (!feed) continue;
    clocks[feedIndex] = (clocks[feedIndex] ?? 0) - random.int(120, 3_600);
    const authorIndex = random.int(0, groupAuthors.length - 1);
    const photos: SimPhoto[] = [];
    for (let n = 0; n < count; n += 1) {
      const picture = options.pictures.next(pickKind());
      const name = photoName(random);
      pictures.set(name, picture);
      photos.push({ name, width: picture.width, height: picture.height, draw: picture.draw });
    }
    const post: SimPost = {
      id: String(3_000_000_000_000_000 + index),
      createdAt: clocks[feedIndex] ?? 0,
      authorId: feed.kind === 'page' ? feed.id : String(100_064_000_000 + authorIndex),
      authorName: feed.kind === 'page' ? feed.name : (groupAuthors[authorIndex] ?? 'Người dùng'),
      text: `${random.pick(captions)} (#${index})`,
      kind: count === 0 ? 'text' : count === 1 ? 'photo' : 'album',
      photos,
    };
    feed.posts.push(post);
    postIds.add(post.id);
  }
  return { feeds, postIds, pictures };
}
