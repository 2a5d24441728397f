import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyHomography,
  detectKeypoints,
  estimateQuarterTurn,
  estimateSkew,
  findPageInside,
  findPageQuad,
  homographyBetween,
  localise,
  loadOpenCv,
  matchKeypoints,
  packKeypoints,
  rectifyPage,
  rotateGrey,
  rectangleCorners,
  rotateQuarterTurns,
  scaleGrey,
  unpackKeypoints,
  type GreyImage,
  type OpenCv,
  type Point,
  type Quad,
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

  it('finds the document shown on a photographed monitor inside the screen, and nothing inside a page', () => {
    // A grey screen (1900×1300) showing the page at 800 px wide, photographed in perspective
    // in a dark room: the outline found first is the screen's.
    const shown = scaleGrey(cv, page, 800 / page.width);
    const screen: GreyImage = {
      width: 1900,
      height: 1300,
      data: new Uint8Array(1900 * 1300).fill(150),
    };
    const left = 550;
    const top = 85;
    for (let y = 0; y < shown.height; y += 1)
      screen.data.set(
        shown.data.subarray(y * shown.width, (y + 1) * shown.width),
        (top + y) * screen.width + left,
      );
    const screenCorners: Point[] = [
      { x: 70, y: 120 },
      { x: 1880, y: 200 },
      { x: 1800, y: 1400 },
      { x: 110, y: 1330 },
    ];
    const photo = photograph(cv, screen, screenCorners, 2000, 1500);
    const outer = findPageQuad(cv, photo);
    expect(outer).toBeDefined();
    outer?.forEach((corner, i) => {
      expect(distance(corner, screenCorners[i] as Point)).toBeLessThan(20);
    });
    const inner = findPageInside(cv, outer as Quad, rectifyPage(cv, photo, outer as Quad));
    expect(inner).toBeDefined();
    // Where the page's corners landed in the photo: through the same warp as the screen.
    const toPhoto = homographyBetween(cv, rectangleCorners(1900, 1300), screenCorners);
    const pageCorners = [
      { x: left, y: top },
      { x: left + shown.width, y: top },
      { x: left + shown.width, y: top + shown.height },
      { x: left, y: top + shown.height },
    ].map((p) => applyHomography(toPhoto, p));
    inner?.forEach((corner, i) => {
      expect(distance(corner, pageCorners[i] as Point)).toBeLessThan(20);
    });

    // A photographed page: nothing inside it stands out from the paper, its table included.
    const paperQuad: Point[] = [
      { x: 260, y: 150 },
      { x: 1310, y: 112 },
      { x: 1420, y: 1895 },
      { x: 95, y: 1930 },
    ];
    const paperPhoto = photograph(cv, page, paperQuad, 1500, 2000);
    const paper = findPageQuad(cv, paperPhoto) as Quad;
    expect(paper).toBeDefined();
    expect(findPageInside(cv, paper, rectifyPage(cv, paperPhoto, paper))).toBeUndefined();
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
    const project = (p: Point) => applyHomography(h, p);
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
