import sharp from 'sharp';
import { withMats, type GreyImage, type OpenCv, type Point } from '../src/index.js';

const words = [
  'Sở',
  'Y',
  'tế',
  'tỉnh',
  'Lâm',
  'Đồng',
  'danh',
  'sách',
  'cách',
  'ly',
  'thôn',
  'xã',
  'huyện',
  'số',
  'điện',
  'thoại',
  'ngày',
  'tháng',
  'năm',
  'quyết',
  'định',
];

/** A text page drawn as SVG (Liberation Serif) at 150 dpi A4: lines of words and a ruled table. */
export async function syntheticPage(seed: number, width = 1241, height = 1754): Promise<GreyImage> {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const lines: string[] = [];
  for (let i = 0; i < 28; i += 1) {
    const text = Array.from(
      { length: 9 + Math.floor(next() * 6) },
      () => words[Math.floor(next() * words.length)],
    ).join(' ');
    lines.push(
      `<text x="${180 + (i % 3 === 0 ? 60 : 0)}" y="${160 + i * 34}" font-family="Liberation Serif" font-size="24">${text} ${Math.floor(next() * 1e9)}</text>`,
    );
  }
  const table: string[] = [];
  for (let r = 0; r <= 8; r += 1)
    table.push(
      `<line x1="180" y1="${1150 + r * 48}" x2="1150" y2="${1150 + r * 48}" stroke="#000" stroke-width="2"/>`,
    );
  for (const x of [180, 260, 560, 760, 950, 1150])
    table.push(
      `<line x1="${x}" y1="1150" x2="${x}" y2="${1150 + 8 * 48}" stroke="#000" stroke-width="2"/>`,
    );
  for (let r = 0; r < 8; r += 1)
    table.push(
      `<text x="200" y="${1182 + r * 48}" font-family="Liberation Serif" font-size="22">${r + 1}   Nguyễn Văn ${words[r % words.length]}   ${Math.floor(next() * 1e12)}</text>`,
    );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${lines.join('')}${table.join('')}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** The page warped so its corners land on `quad`, over a dark textured background. */
export function photograph(
  cv: OpenCv,
  page: GreyImage,
  quad: readonly Point[],
  width: number,
  height: number,
): GreyImage {
  return withMats((track) => {
    const source = track(new cv.Mat(page.height, page.width, cv.CV_8UC1));
    source.data.set(page.data);
    const from = track(
      cv.matFromArray(4, 1, cv.CV_32FC2, [
        0,
        0,
        page.width,
        0,
        page.width,
        page.height,
        0,
        page.height,
      ]),
    );
    const to = track(
      cv.matFromArray(
        4,
        1,
        cv.CV_32FC2,
        quad.flatMap((p) => [p.x, p.y]),
      ),
    );
    const matrix = track(cv.getPerspectiveTransform(from, to));
    const out = track(new cv.Mat(height, width, cv.CV_8UC1, [70, 70, 70, 255]));
    cv.warpPerspective(
      source,
      out,
      matrix,
      new cv.Size(width, height),
      cv.INTER_LINEAR,
      cv.BORDER_TRANSPARENT,
      [0, 0, 0, 0],
    );
    const data = new Uint8Array(out.data);
    // A little texture and noise, as on a desk.
    for (let i = 0; i < data.length; i += 1)
      data[i] = Math.max(0, Math.min(255, (data[i] as number) + ((i * 2654435761) % 13) - 6));
    return { data, width, height };
  });
}
