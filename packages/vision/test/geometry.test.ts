import { beforeAll, describe, expect, it } from 'vitest';
import {
  detectKeypoints,
  estimateQuarterTurn,
  estimateSkew,
  findPageQuad,
  localise,
  loadOpenCv,
  matchKeypoints,
  packKeypoints,
  rectifyPage,
  rotateGrey,
  rotateQuarterTurns,
  unpackKeypoints,
  type GreyImage,
  type OpenCv,
  type Point,
} from '../src/index.js';
import { photograph, syntheticPage } from './synthetic-page.js';

let cv: OpenCv;
let page: GreyImage;

beforeAll(async () => {
  cv = await loadOpenCv();
  page = await syntheticPage(7);
});

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

describe('page outline and rectification', () => {
  it('finds the page in a perspective photo within 1% of the photo size, and rectifies it to A4', () => {
    const truth: Point[] = [
      { x: 260, y: 150 },
      { x: 1310, y: 112 },
      { x: 1420, y: 1895 },
      { x: 95, y: 1930 },
    ];
    const photo = photograph(cv, page, truth, 1500, 2000);
    const quad = findPageQuad(cv, photo);
    expect(quad).toBeDefined();
    quad?.forEach((corner, i) => {
      expect(distance(corner, truth[i] as Point)).toBeLessThan(20);
    });
    const rectified = rectifyPage(cv, photo, quad as [Point, Point, Point, Point]);
    expect([rectified.width, rectified.height]).toEqual([1241, 1754]);
  });

  it('finds no page in an image that is all page, nor a table inside a page', () => {
    expect(findPageQuad(cv, page)).toBeUndefined();
  });
});

describe('orientation and skew', () => {
  it('measures a small tilt and tells sideways text from upright text', () => {
    expect(estimateSkew(page)).toBe(0);
    const tilted = rotateGrey(cv, page, 3);
    const correction = estimateSkew(tilted);
    expect(Math.abs(correction + 3)).toBeLessThanOrEqual(0.3);
    expect(estimateSkew(rotateGrey(cv, tilted, correction))).toBe(0);
    expect(estimateQuarterTurn(page)).toBe(0);
    expect(estimateQuarterTurn(rotateQuarterTurns(page, 1))).toBe(90);
    expect(
      Buffer.from(rotateQuarterTurns(rotateQuarterTurns(page, 1), 3).data).equals(
        Buffer.from(page.data),
      ),
    ).toBe(true);
  });
});

describe('keypoints and localisation', () => {
  it('recovers where a photographed crop lies in the page (homography within 1% of the page)', () => {
    // The query: the lower half of the page, photographed in perspective.
    const crop: GreyImage = {
      data: page.data.slice(page.width * 800),
      width: page.width,
      height: page.height - 800,
    };
    const truth: Point[] = [
      { x: 120, y: 90 },
      { x: 1180, y: 60 },
      { x: 1250, y: 960 },
      { x: 60, y: 1010 },
    ];
    const photo = photograph(cv, crop, truth, 1300, 1100);
    const reference = unpackKeypoints(packKeypoints(detectKeypoints(cv, page)));
    const query = detectKeypoints(cv, photo);
    const found = localise(cv, query, matchKeypoints(query, reference));
    expect(found).toBeDefined();
    expect(found?.inliers).toBeGreaterThanOrEqual(40);
    // The crop's corners, seen in the photo, must map back to their place in the page.
    const h = found?.homography ?? [];
    const project = (p: Point) => {
      const w = (h[6] as number) * p.x + (h[7] as number) * p.y + (h[8] as number);
      return {
        x: ((h[0] as number) * p.x + (h[1] as number) * p.y + (h[2] as number)) / w,
        y: ((h[3] as number) * p.x + (h[4] as number) * p.y + (h[5] as number)) / w,
      };
    };
    const expected: Point[] = [
      { x: 0, y: 800 },
      { x: page.width, y: 800 },
      { x: page.width, y: page.height },
      { x: 0, y: page.height },
    ];
    truth.forEach((corner, i) => {
      expect(distance(project(corner), expected[i] as Point)).toBeLessThan(page.width * 0.01);
    });
  });

  it('gives a same-template twin (same table grid, other text) far fewer inliers than the true page', async () => {
    const twin = await syntheticPage(99);
    const query = detectKeypoints(
      cv,
      photograph(
        cv,
        page,
        [
          { x: 80, y: 60 },
          { x: 1100, y: 40 },
          { x: 1160, y: 1560 },
          { x: 40, y: 1600 },
        ],
        1200,
        1650,
      ),
    );
    const truePage = localise(cv, query, matchKeypoints(query, detectKeypoints(cv, page)));
    const twinPage = localise(cv, query, matchKeypoints(query, detectKeypoints(cv, twin)));
    expect(truePage?.inliers ?? 0).toBeGreaterThan(100);
    expect(twinPage?.inliers ?? 0).toBeLessThan((truePage?.inliers ?? 0) * 0.5);
  });
});
