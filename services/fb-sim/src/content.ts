import { Random } from '@leakwatch/corpus';

/** One photo as uploaded: every size variant shares its CDN file name. */
export interface SimPhoto {
  name: string;
  width: number;
  height: number;
  /** Set for planted images (leaked documents); others are drawn on request. */
  bytes?: Buffer;
  /**
   * Draws the picture at the asked size when a variant is requested, instead of the plain
   * coloured patches: `bench:load`'s 100,000 distinct pictures are never all held in memory.
   */
  draw?: (width: number, height: number) => Promise<Buffer>;
  /** A hostile post: the photo's address points elsewhere (an internal address, say). */
  externalUrl?: string;
  /**
   * A hostile file: these bytes are served as they are at every size variant, never decoded or
   * re-encoded, with this Content-Type (which may lie: an HTML page as `image/jpeg`).
   */
  raw?: { bytes: Buffer; contentType: string };
}

export interface SimPost {
  id: string;
  createdAt: number;
  authorId: string;
  authorName: string;
  text: string;
  kind: 'text' | 'photo' | 'album' | 'shared' | 'video' | 'link';
  photos: SimPhoto[];
  shared?: SimPost;
  pinned?: boolean;
  /** Deleted by its author: every address answers 404 "Content not found". */
  deletedAt?: number;
  /** Taken down by Facebook (a takedown request granted): the "isn't available" page. */
  removedAt?: number;
}

/** A feed the simulator serves: a group (`/groups/<vanity>`) or a page (`/<vanity>`). */
export interface SimGroup {
  id: string;
  vanity: string;
  name: string;
  /** Default `group`. Pages also answer at `/profile.php?id=<id>`. */
  kind?: 'group' | 'page';
  /** Newest first, as the feed shows them (pinned posts first of all). */
  posts: SimPost[];
}

const authors = [
  'Nguyễn Văn Hùng',
  'Trần Thị Mai',
  'Lê Minh Tuấn',
  'Phạm Thu Hà',
  'Đỗ Quang Vinh',
  'Hoàng Bảo Ngọc',
];
const sentences = [
  'Bà con phường 2 lưu ý lịch tiêm mũi 2 tại trạm y tế.',
  'Chợ Đà Lạt hôm nay đông quá, mọi người nhớ đeo khẩu trang nhé.',
  'Ai biết chỗ nào xét nghiệm nhanh ở Bảo Lộc không ạ?',
  'Cập nhật tình hình dịch trên địa bàn huyện Lâm Hà.',
  'Nhóm mình chia sẻ thông tin chính thống thôi nha cả nhà.',
  'Sáng nay trời Đà Lạt mưa nhẹ, đường Trần Hưng Đạo kẹt xe.',
  'Xin thông tin khu cách ly tập trung ở Đức Trọng.',
  'Cảm ơn các y bác sĩ tuyến đầu chống dịch!',
];

let photoCounter = 0;
export function photoName(random: Random): string {
  photoCounter += 1;
  const a = 240_000_000 + random.int(0, 9_999_999);
  const b = 100_000_000_000 + photoCounter;
  const c = random.int(1_000_000_000, 9_999_999_999);
  return `${a}_${b}_${c}_n.jpg`;
}

function newPhoto(random: Random): SimPhoto {
  const portrait = random.next() < 0.5;
  return { name: photoName(random), width: portrait ? 1536 : 2048, height: portrait ? 2048 : 1536 };
}

const newsSentences = [
  'Sở Y tế Lâm Đồng khuyến cáo người dân chủ động tiêm vắc xin phòng COVID-19.',
  'Đà Lạt: tạm dừng hoạt động các dịch vụ không thiết yếu từ 0 giờ ngày mai.',
  'Bảo Lộc ghi nhận thêm ca bệnh mới, đã khoanh vùng và truy vết các trường hợp F1.',
  'Lâm Đồng triển khai xét nghiệm diện rộng tại các khu dân cư có nguy cơ cao.',
  'Thông báo khẩn: tìm người đến các địa điểm liên quan ca bệnh tại Đức Trọng.',
  'Cơ quan chức năng nhắc nhở không chia sẻ tài liệu nội bộ, thông tin cá nhân người bệnh.',
];

/** Where a feed lives on the site. */
export function feedPath(owner: SimGroup): string {
  return owner.kind === 'page' ? `/${owner.vanity}` : `/groups/${owner.vanity}`;
}

/**
 * A local news page's timeline, seeded: the page itself posts (photos, albums, link cards,
 * text), newest first.
 */
export function generatePage(options: {
  seed: string;
  posts: number;
  id?: string;
  vanity?: string;
  name?: string;
  startAt?: number;
}): SimGroup {
  const base = generateGroup({
    ...options,
    vanity: options.vanity ?? `trang-${options.seed.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
  });
  const random = new Random(`${options.seed}:page`);
  const name = options.name ?? 'Tin tức Lâm Đồng';
  const asPage = (post: SimPost): SimPost => ({
    ...post,
    authorId: base.id,
    authorName: name,
    text: `${newsSentences[random.int(0, newsSentences.length - 1)] ?? ''} ${post.text.slice(post.text.lastIndexOf('('))}`,
    ...(post.shared ? { shared: post.shared } : {}),
  });
  return { ...base, kind: 'page', name, posts: base.posts.map(asPage) };
}

/**
 * A community group's feed, seeded: text posts, single photos, albums (some with more photos
 * than the feed shows), shares, videos and link cards, a pinned post first.
 */
export function generateGroup(options: {
  seed: string;
  posts: number;
  id?: string;
  vanity?: string;
  startAt?: number;
}): SimGroup {
  const random = new Random(options.seed);
  const id = options.id ?? String(100_000_000_000_000 + random.int(0, 99_999_999));
  const posts: SimPost[] = [];
  let time = options.startAt ?? Date.UTC(2021, 6, 20, 12) / 1000;
  const make = (n: number): SimPost => {
    time -= random.int(60, 3_600);
    const roll = random.next();
    const kind: SimPost['kind'] =
      roll < 0.35
        ? 'text'
        : roll < 0.65
          ? 'photo'
          : roll < 0.8
            ? 'album'
            : roll < 0.88
              ? 'shared'
              : roll < 0.94
                ? 'video'
                : 'link';
    const authorIndex = random.int(0, authors.length - 1);
    const post: SimPost = {
      id: String(1_000_000_000_000_000 + n * 7919 + random.int(0, 7000)),
      createdAt: time,
      authorId: String(100_064_000_000 + authorIndex),
      authorName: authors[authorIndex] ?? 'Người dùng',
      text: `${sentences[random.int(0, sentences.length - 1)] ?? ''} (#${n})`,
      kind,
      photos: [],
    };
    if (kind === 'photo') post.photos = [newPhoto(random)];
    if (kind === 'album')
      post.photos = Array.from({ length: random.int(2, 9) }, () => newPhoto(random));
    if (kind === 'video') post.photos = [{ ...newPhoto(random), width: 720, height: 1280 }];
    if (kind === 'link') post.photos = [{ ...newPhoto(random), width: 476, height: 249 }];
    if (kind === 'shared') {
      time -= 1;
      post.shared = { ...make(n + 1_000_000), kind: 'photo', photos: [newPhoto(random)] };
    }
    return post;
  };
  for (let n = 0; n < options.posts; n += 1) posts.push(make(n));
  if (posts[0]) posts[0].pinned = true;
  return {
    id,
    vanity: options.vanity ?? `group-${id.slice(-6)}`,
    name: 'Cộng đồng Đà Lạt – Lâm Đồng',
    posts,
  };
}

/** The images a crawler should find for a post: its own photos and those of what it shares. */
export function expectedImageNames(post: SimPost): string[] {
  return [
    ...post.photos.map((photo) => photo.name),
    ...(post.shared ? expectedImageNames(post.shared) : []),
  ];
}

/** The group `pnpm start` serves when nothing is configured: recent posts, Vietnamese content. */
export const demoGroupVanity = 'demo-cong-dong-lam-dong';

export function demoGroup(now = Date.now()): SimGroup {
  return generateGroup({
    seed: 'leakwatch-demo',
    // Small enough that the first full read and its images are done in well under a minute.
    posts: 40,
    vanity: demoGroupVanity,
    startAt: Math.floor(now / 1000),
  });
}

/**
 * A post carrying given pictures (a planted leak, a look-alike, an ordinary photo): the CDN serves
 * these bytes at every size variant. Ids and file names come from the seed, so a scenario
 * replays identically.
 */
export function photoPost(options: {
  seed: string;
  createdAt: number;
  text: string;
  authorName?: string;
  photos: readonly { bytes: Buffer; width: number; height: number }[];
}): SimPost {
  const random = new Random(`photo-post:${options.seed}`);
  const authorIndex = random.int(0, authors.length - 1);
  return {
    id: String(2_000_000_000_000_000 + random.int(0, 999_999_999)),
    createdAt: options.createdAt,
    authorId: String(100_064_000_000 + authorIndex),
    authorName: options.authorName ?? authors[authorIndex] ?? 'Người dùng',
    text: options.text,
    kind: options.photos.length > 1 ? 'album' : 'photo',
    photos: options.photos.map((photo) => ({
      name: photoName(random),
      width: photo.width,
      height: photo.height,
      bytes: photo.bytes,
    })),
  };
}
