import type { Point } from './grey-image.js';
import { withMats, type OpenCv } from './opencv.js';

/** A point through a row-major 3×3 homography (projective division included). */
export function applyHomography(h: readonly number[], p: Point): Point {
  const w = (h[6] as number) * p.x + (h[7] as number) * p.y + (h[8] as number);
  return {
    x: ((h[0] as number) * p.x + (h[1] as number) * p.y + (h[2] as number)) / w,
    y: ((h[3] as number) * p.x + (h[4] as number) * p.y + (h[5] as number)) / w,
  };
}

/** The row-major 3×3 homography taking four points onto four others. */
export function homographyBetween(
  cv: OpenCv,
  from: readonly Point[],
  to: readonly Point[],
): number[] {
  return withMats((track) => {
    const source = track(
      cv.matFromArray(
        4,
        1,
        cv.CV_32FC2,
        from.flatMap((p) => [p.x, p.y]),
      ),
    );
    const target = track(
      cv.matFromArray(
        4,
        1,
        cv.CV_32FC2,
        to.flatMap((p) => [p.x, p.y]),
      ),
    );
    return Array.from(track(cv.getPerspectiveTransform(source, target)).data64F);
  });
}

/** The corners of a width × height rectangle, clockwise from the origin. */
export function rectangleCorners(width: number, height: number): Point[] {
  return [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: width, y: height },
    { x: 0, y: height },
  ];
}
