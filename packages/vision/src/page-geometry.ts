import type { GreyImage, Point, Quad } from './grey-image.js';
import { applyHomography, homographyBetween, rectangleCorners } from './homography.js';
import { withMats, type Mat, type OpenCv } from './opencv.js';

/**
 * Finding and straightening a page in a photo or screenshot, then cleaning it for OCR. All
 * functions are pure over pixels (OpenCV runs in WebAssembly, in process); `cv` comes from
 * `loadOpenCv()`. Note: `mat.data` is a getter that builds a new view on every access, so
 * loops read it once.
 */

function greyMat(cv: OpenCv, image: GreyImage): Mat {
  const mat = new cv.Mat(image.height, image.width, cv.CV_8UC1);
  mat.data.set(image.data);
  return mat;
}

function fromMat(mat: Mat): GreyImage {
  return { data: new Uint8Array(mat.data), width: mat.cols, height: mat.rows };
}

/** Orders four points clockwise from the top-left (smallest x+y). */
export function orderCorners(points: readonly Point[]): Quad {
  const bySum = [...points].sort((a, b) => a.x + a.y - (b.x + b.y));
  const byDiff = [...points].sort((a, b) => a.y - a.x - (b.y - b.x));
  return [bySum[0] as Point, byDiff[0] as Point, bySum[3] as Point, byDiff[3] as Point];
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Area enclosed by a quadrilateral (shoelace formula), in square pixels. */
export function quadArea(q: Quad): number {
  let area = 0;
  for (let i = 0; i < 4; i += 1) {
    const a = q[i] as Point;
    const b = q[(i + 1) % 4] as Point;
    area += a.x * b.y - b.x * a.y;
  }
  return Math.abs(area) / 2;
}

/** Corner angles within 60–120° and opposite sides of similar length: a page in perspective. */
function plausiblePage(quad: Quad): boolean {
  for (let i = 0; i < 4; i += 1) {
    const previous = quad[(i + 3) % 4] as Point;
    const corner = quad[i] as Point;
    const next = quad[(i + 1) % 4] as Point;
    const a = { x: previous.x - corner.x, y: previous.y - corner.y };
    const b = { x: next.x - corner.x, y: next.y - corner.y };
    const cosine = (a.x * b.x + a.y * b.y) / (Math.hypot(a.x, a.y) * Math.hypot(b.x, b.y));
    const angle = (Math.acos(Math.max(-1, Math.min(1, cosine))) * 180) / Math.PI;
    if (angle < 60 || angle > 120) return false;
  }
  const [tl, tr, br, bl] = quad;
  const ratio = (x: number, y: number) => Math.min(x, y) / Math.max(x, y);
  return (
    ratio(distance(tl, tr), distance(bl, br)) > 0.6 &&
    ratio(distance(tl, bl), distance(tr, br)) > 0.6
  );
}

/**
 * A page is brighter than what it lies on: along most edges, pixels just inside the quad are
 * clearly lighter than pixels just outside. A table or a text block inside a page (white on
 * both sides of its border) fails this. Edges along the image border have no outside and pass.
 */
function standsOutFromSurroundings(image: GreyImage, quad: Quad): boolean {
  const centre = quad.reduce((c, p) => ({ x: c.x + p.x / 4, y: c.y + p.y / 4 }), { x: 0, y: 0 });
  const offset = Math.max(4, Math.round(Math.max(image.width, image.height) / 100));
  const sample = (x: number, y: number) => {
    const px = Math.round(x);
    const py = Math.round(y);
    return px < 0 || py < 0 || px >= image.width || py >= image.height
      ? undefined
      : (image.data[py * image.width + px] as number);
  };
  const median = (values: number[]) =>
    [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  let contrasted = 0;
  for (let edge = 0; edge < 4; edge += 1) {
    const a = quad[edge] as Point;
    const b = quad[(edge + 1) % 4] as Point;
    const inside: number[] = [];
    const outside: number[] = [];
    for (let t = 0.1; t <= 0.9; t += 0.05) {
      const p = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
      const length = Math.hypot(centre.x - p.x, centre.y - p.y) || 1;
      const dx = ((centre.x - p.x) / length) * offset;
      const dy = ((centre.y - p.y) / length) * offset;
      const inner = sample(p.x + dx, p.y + dy);
      const outer = sample(p.x - dx, p.y - dy);
      if (inner !== undefined) inside.push(inner);
      if (outer !== undefined) outside.push(outer);
    }
    if (outside.length < 4 || median(inside) - median(outside) >= 20) contrasted += 1;
  }
  return contrasted >= 3;
}

export interface PageQuadOptions {
  /** The quad must cover at least this share of the image. */
  minAreaShare?: number;
  /** Longest side the search runs at (speed). */
  workingSide?: number;
}

/**
 * The outline of a page (a bright quadrilateral) in a photo or screenshot, or undefined when
 * none is convincing (a crop, a page filling the whole image). Edges → outer contours → the
 * largest convex four-sided approximation, checked for size, for corner angles a page seen in
 * perspective can have, and for standing out from what surrounds it.
 */
export function findPageQuad(
  cv: OpenCv,
  image: GreyImage,
  options: PageQuadOptions = {},
): Quad | undefined {
  const minAreaShare = options.minAreaShare ?? 0.2;
  const scale = Math.min(1, (options.workingSide ?? 900) / Math.max(image.width, image.height));
  return withMats((track) => {
    const source = track(greyMat(cv, image));
    const small = track(new cv.Mat());
    cv.resize(
      source,
      small,
      new cv.Size(Math.round(image.width * scale), Math.round(image.height * scale)),
      0,
      0,
      cv.INTER_AREA,
    );
    cv.GaussianBlur(small, small, new cv.Size(5, 5), 0);
    const edges = track(new cv.Mat());
    cv.Canny(small, edges, 30, 90);
    const kernel = track(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(3, 3)));
    cv.dilate(edges, edges, kernel);
    const contours = track(new cv.MatVector());
    const hierarchy = track(new cv.Mat());
    cv.findContours(edges, contours, hierarchy, cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
    const minArea = image.width * image.height * minAreaShare;
    let best: { quad: Quad; area: number } | undefined;
    for (let i = 0; i < contours.size(); i += 1) {
      const contour = track(contours.get(i));
      if (cv.contourArea(contour) < minArea * scale * scale * 0.8) continue;
      const hull = track(new cv.Mat());
      cv.convexHull(contour, hull, false, true);
      const perimeter = cv.arcLength(hull, true);
      for (let epsilon = 0.01; epsilon <= 0.1; epsilon += 0.01) {
        const approx = track(new cv.Mat());
        cv.approxPolyDP(hull, approx, epsilon * perimeter, true);
        if (approx.rows < 4) break;
        if (approx.rows > 4) continue;
        const coordinates = approx.data32S;
        const points: Point[] = [0, 1, 2, 3].map((p) => ({
          x: (coordinates[p * 2] as number) / scale,
          y: (coordinates[p * 2 + 1] as number) / scale,
        }));
        const quad = orderCorners(points);
        const area = quadArea(quad);
        if (
          area >= minArea &&
          plausiblePage(quad) &&
          standsOutFromSurroundings(image, quad) &&
          (!best || area > best.area)
        ) {
          best = { quad, area };
        }
        break;
      }
    }
    return best?.quad;
  });
}

/** A4 portrait at 150 dpi, the size registered pages are rendered at. */
export const a4PageSize = { width: 1241, height: 1754 };

/**
 * Warps the quad to an upright page. When its proportions are near A4 the output is exactly
 * the registered pages' size (so text and keypoints line up with theirs); otherwise it keeps
 * the quad's own proportions.
 */
export function rectifyPage(cv: OpenCv, image: GreyImage, quad: Quad): GreyImage {
  const [tl, tr, br, bl] = quad;
  const width = Math.max(distance(tl, tr), distance(bl, br));
  const height = Math.max(distance(tl, bl), distance(tr, br));
  const aspect = height / width;
  const a4 = Math.abs(aspect - Math.SQRT2) < 0.2 || Math.abs(1 / aspect - Math.SQRT2) < 0.2;
  const size = a4
    ? aspect >= 1
      ? a4PageSize
      : { width: a4PageSize.height, height: a4PageSize.width }
    : { width: Math.round(width), height: Math.round(height) };
  return withMats((track) => {
    const source = track(greyMat(cv, image));
    const from = track(
      cv.matFromArray(
        4,
        1,
        cv.CV_32FC2,
        quad.flatMap((p) => [p.x, p.y]),
      ),
    );
    const to = track(
      cv.matFromArray(4, 1, cv.CV_32FC2, [
        0,
        0,
        size.width,
        0,
        size.width,
        size.height,
        0,
        size.height,
      ]),
    );
    const matrix = track(cv.getPerspectiveTransform(from, to));
    const out = track(new cv.Mat());
    cv.warpPerspective(
      source,
      out,
      matrix,
      new cv.Size(size.width, size.height),
      // Pages photographed small are enlarged here; bicubic keeps strokes sharper than bilinear:
      // on 16 seeded phone and monitor photos OCR's character errors summed 2.55 against 3.04
      // (Lanczos-4 gave the same 2.55 at a higher cost).
      cv.INTER_CUBIC,
      cv.BORDER_REPLICATE,
      [255, 255, 255, 255],
    );
    return fromMat(out);
  });
}

/**
 * The page inside a page-like outline, in the image's coordinates: when the outline found is a
 * monitor's screen (or a tablet, or a paper holder) showing the document, the screen is grey
 * and the document on it white, so the document stands out inside the straightened screen as
 * a page does on a desk. Undefined when nothing inside the outline does (a table inside a page
 * is as bright as the paper around it and is not taken). `rectified` is `rectifyPage(image,
 * outer)`; the page found in it is mapped back through the inverse of that warp, so the
 * caller straightens it from the original pixels once rather than resampling twice.
 */
export function findPageInside(
  cv: OpenCv,
  outer: Quad,
  rectified: GreyImage,
  options: PageQuadOptions = {},
): Quad | undefined {
  const inner = findPageQuad(cv, rectified, options);
  if (!inner) return undefined;
  const back = homographyBetween(cv, rectangleCorners(rectified.width, rectified.height), outer);
  return orderCorners(inner.map((p) => applyHomography(back, p)));
}

/**
 * Evens out uneven light and shadows: divides the image by an estimate of the paper's
 * brightness (a blurred dilation, which erases the thin dark strokes of text). The paper's
 * brightness varies slowly, so it is estimated at a quarter of the resolution.
 */
export function flattenIllumination(cv: OpenCv, image: GreyImage): GreyImage {
  return withMats((track) => {
    const source = track(greyMat(cv, image));
    const small = track(new cv.Mat());
    const smallSize = new cv.Size(
      Math.max(8, Math.round(image.width / 4)),
      Math.max(8, Math.round(image.height / 4)),
    );
    cv.resize(source, small, smallSize, 0, 0, cv.INTER_AREA);
    const side = Math.max(5, Math.round(Math.max(smallSize.width, smallSize.height) / 60) | 1);
    const kernel = track(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(side, side)));
    cv.dilate(small, small, kernel);
    cv.GaussianBlur(small, small, new cv.Size(side * 2 + 1, side * 2 + 1), 0);
    const background = track(new cv.Mat());
    cv.resize(small, background, new cv.Size(image.width, image.height), 0, 0, cv.INTER_LINEAR);
    const out = track(new cv.Mat());
    cv.divide(source, background, out, 255);
    return fromMat(out);
  });
}

/**
 * Marks pixels that belong to a horizontal (or vertical) run of ink at least `minRun` long:
 * exactly a morphological opening by a line, done as one pass of run lengths.
 */
function markLongRuns(
  ink: Uint8Array,
  width: number,
  height: number,
  minRun: number,
  into: Uint8Array,
): void {
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x += 1) {
      const on = x < width && (ink[row + x] as number) > 0;
      if (on) {
        if (start < 0) start = x;
      } else if (start >= 0) {
        if (x - start >= minRun) into.fill(1, row + start, row + x);
        start = -1;
      }
    }
  }
}

function markLongColumns(
  ink: Uint8Array,
  width: number,
  height: number,
  minRun: number,
  into: Uint8Array,
): void {
  for (let x = 0; x < width; x += 1) {
    let start = -1;
    for (let y = 0; y <= height; y += 1) {
      const on = y < height && (ink[y * width + x] as number) > 0;
      if (on) {
        if (start < 0) start = y;
      } else if (start >= 0) {
        if (y - start >= minRun) for (let k = start; k < y; k += 1) into[k * width + x] = 1;
        start = -1;
      }
    }
  }
}

/**
 * Removes table rules: long horizontal and vertical runs of ink are painted white (with a
 * pixel of margin). Blurred cell borders touching stacked Vietnamese diacritics
 * make tesseract mis-segment table rows (the reference run read 0 of 6 IDs); without them it
 * reads the rows. Run lengths in plain loops: OpenCV's WebAssembly morphology took ~0.5 s a
 * page for the same result.
 */
export function removeTableRules(cv: OpenCv, image: GreyImage): GreyImage {
  const { width, height } = image;
  const ink = withMats((track) => {
    const source = track(greyMat(cv, image));
    const binary = track(new cv.Mat());
    const block = Math.max(15, Math.round(width / 40) | 1);
    cv.adaptiveThreshold(
      source,
      binary,
      255,
      cv.ADAPTIVE_THRESH_MEAN_C,
      cv.THRESH_BINARY_INV,
      block,
      12,
    );
    return new Uint8Array(binary.data);
  });
  const rules = new Uint8Array(width * height);
  markLongRuns(ink, width, height, Math.max(20, Math.round(width / 12)), rules);
  markLongColumns(ink, width, height, Math.max(20, Math.round(height / 40)), rules);
  // Rules (and a pixel around them) become paper; everything else keeps its grey level, so
  // tesseract still binarises the letters itself (our threshold cost a clean page 1.5 points of CER).
  const out = new Uint8Array(image.data);
  for (let i = 0; i < out.length; i += 1) {
    const x = i % width;
    const nearRule =
      rules[i] === 1 ||
      (x > 0 && rules[i - 1] === 1) ||
      (x + 1 < width && rules[i + 1] === 1) ||
      rules[i - width] === 1 ||
      rules[i + width] === 1;
    if (nearRule) out[i] = 255;
  }
  return { data: out, width, height };
}

/**
 * The small rotation to apply with `rotateGrey` (degrees, counter-clockwise positive) that makes
 * text lines horizontal:
 * the angle at which the ink, projected onto the vertical axis, is sharpest (text rows and the
 * gaps between them line up). 0 when the page has too little ink to tell.
 */
export function estimateSkew(image: GreyImage, maxDegrees = 10): number {
  const step = Math.max(1, Math.round(Math.max(image.width, image.height) / 1200));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < image.height; y += step) {
    for (let x = 0; x < image.width; x += step) {
      if ((image.data[y * image.width + x] as number) < 110) {
        xs.push(x - image.width / 2);
        ys.push(y - image.height / 2);
      }
    }
  }
  if (xs.length < 500) return 0;
  const binSize = 2 * step;
  const offset = Math.ceil(Math.hypot(image.width, image.height) / binSize);
  const bins = new Int32Array(offset * 2 + 2);
  const pointsX = Float64Array.from(xs);
  const pointsY = Float64Array.from(ys);
  const sharpness = (degrees: number) => {
    const radians = (degrees * Math.PI) / 180;
    const sin = -Math.sin(radians) / binSize;
    const cos = Math.cos(radians) / binSize;
    bins.fill(0);
    for (let i = 0; i < pointsX.length; i += 1) {
      const bin = Math.round((pointsX[i] as number) * sin + (pointsY[i] as number) * cos) + offset;
      bins[bin] = (bins[bin] as number) + 1;
    }
    let total = 0;
    for (const count of bins) total += count * count;
    return total;
  };
  let best = 0;
  let bestScore = sharpness(0);
  const search = (from: number, to: number, stepDegrees: number) => {
    for (let degrees = from; degrees <= to + 1e-9; degrees += stepDegrees) {
      const score = sharpness(degrees);
      if (score > bestScore) {
        best = degrees;
        bestScore = score;
      }
    }
  };
  search(-maxDegrees, maxDegrees, 0.5);
  const coarse = best;
  search(coarse - 0.4, coarse + 0.4, 0.1);
  return Math.abs(best) < 0.15 ? 0 : Math.round(best * 10) / 10;
}

/** Rotates counter-clockwise by `degrees` about the centre, filling with the edge colour. */
export function rotateGrey(cv: OpenCv, image: GreyImage, degrees: number): GreyImage {
  return withMats((track) => {
    const source = track(greyMat(cv, image));
    const matrix = track(
      cv.getRotationMatrix2D({ x: image.width / 2, y: image.height / 2 }, degrees, 1),
    );
    const out = track(new cv.Mat());
    cv.warpAffine(
      source,
      out,
      matrix,
      new cv.Size(image.width, image.height),
      cv.INTER_LINEAR,
      cv.BORDER_REPLICATE,
      [255, 255, 255, 255],
    );
    return fromMat(out);
  });
}

/**
 * Whether text lines run across (0) or down (90) the image, from ink projection profiles: rows
 * of text make the row profile jagged and the column profile smooth. 180° is indistinguishable
 * here; OCR confidence settles that.
 */
export function estimateQuarterTurn(image: GreyImage): 0 | 90 {
  const rows = new Float64Array(image.height);
  const cols = new Float64Array(image.width);
  for (let y = 0; y < image.height; y += 1) {
    let rowInk = 0;
    for (let x = 0; x < image.width; x += 1) {
      const ink = 255 - (image.data[y * image.width + x] as number);
      rowInk += ink;
      cols[x] = (cols[x] as number) + ink;
    }
    rows[y] = rowInk;
  }
  const roughness = (profile: Float64Array) => {
    let variation = 0;
    let sum = 0;
    for (let i = 1; i < profile.length; i += 1) {
      variation += Math.abs((profile[i] as number) - (profile[i - 1] as number));
      sum += profile[i] as number;
    }
    return sum === 0 ? 0 : variation / sum;
  };
  return roughness(cols) > roughness(rows) * 1.15 ? 90 : 0;
}

/** Resizes by `factor` (area averaging down, bilinear up). */
export function scaleGrey(cv: OpenCv, image: GreyImage, factor: number): GreyImage {
  return withMats((track) => {
    const source = track(greyMat(cv, image));
    const out = track(new cv.Mat());
    const size = new cv.Size(
      Math.max(1, Math.round(image.width * factor)),
      Math.max(1, Math.round(image.height * factor)),
    );
    cv.resize(source, out, size, 0, 0, factor < 1 ? cv.INTER_AREA : cv.INTER_LINEAR);
    return fromMat(out);
  });
}

/** Rotates by a multiple of 90° clockwise, exactly (no resampling). */
export function rotateQuarterTurns(image: GreyImage, turns: number): GreyImage {
  const t = ((turns % 4) + 4) % 4;
  if (t === 0) return image;
  const { data, width, height } = image;
  const swap = t % 2 === 1;
  const outWidth = swap ? height : width;
  const outHeight = swap ? width : height;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const value = data[y * width + x] as number;
      const [nx, ny] =
        t === 1
          ? [height - 1 - y, x]
          : t === 2
            ? [width - 1 - x, height - 1 - y]
            : [y, width - 1 - x];
      out[ny * outWidth + nx] = value;
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}
