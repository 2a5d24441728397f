import { createRequire } from 'node:module';

/**
 * The subset of OpenCV (the @techstark/opencv-js WebAssembly build) that LeakWatch uses, typed
 * here so the rest of the code stays free of `any`. Mats live in the WebAssembly heap: every
 * Mat created must be deleted (see `withMats`).
 */
export interface Mat {
  rows: number;
  cols: number;
  data: Uint8Array;
  data32F: Float32Array;
  data32S: Int32Array;
  data64F: Float64Array;
  delete(): void;
  clone(): Mat;
  roi(rect: Rect): Mat;
  type(): number;
}

export interface MatVector {
  size(): number;
  get(index: number): Mat;
  delete(): void;
}

export interface KeyPoint {
  pt: { x: number; y: number };
  size: number;
  angle: number;
  response: number;
}

export interface KeyPointVector {
  size(): number;
  get(index: number): KeyPoint;
  delete(): void;
}

export interface DMatch {
  queryIdx: number;
  trainIdx: number;
  distance: number;
}

export interface DMatchVector {
  size(): number;
  get(index: number): DMatch;
  delete(): void;
}

export interface DMatchVectorVector {
  size(): number;
  get(index: number): DMatchVector;
  delete(): void;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface RotatedRect {
  center: { x: number; y: number };
  size: Size;
  angle: number;
}

export interface Orb {
  detectAndCompute(image: Mat, mask: Mat, keypoints: KeyPointVector, descriptors: Mat): void;
  delete(): void;
}

export interface BfMatcher {
  knnMatch(query: Mat, train: Mat, matches: DMatchVectorVector, k: number): void;
  delete(): void;
}

export interface OpenCv {
  Mat: (new () => Mat) &
    (new (rows: number, cols: number, type: number) => Mat) &
    (new (rows: number, cols: number, type: number, scalar: number[]) => Mat);
  MatVector: new () => MatVector;
  KeyPointVector: new () => KeyPointVector;
  DMatchVectorVector: new () => DMatchVectorVector;
  Size: new (width: number, height: number) => Size;
  Point: new (x: number, y: number) => { x: number; y: number };
  Rect: new (x: number, y: number, width: number, height: number) => Rect;
  Scalar: new (...values: number[]) => number[];
  ORB: new (features: number) => Orb;
  BFMatcher: new (normType: number, crossCheck: boolean) => BfMatcher;
  matFromArray(rows: number, cols: number, type: number, values: number[]): Mat;
  cvtColor(src: Mat, dst: Mat, code: number): void;
  GaussianBlur(src: Mat, dst: Mat, size: Size, sigmaX: number): void;
  medianBlur(src: Mat, dst: Mat, size: number): void;
  Canny(src: Mat, dst: Mat, low: number, high: number): void;
  dilate(src: Mat, dst: Mat, kernel: Mat): void;
  erode(src: Mat, dst: Mat, kernel: Mat): void;
  getStructuringElement(shape: number, size: Size): Mat;
  findContours(src: Mat, contours: MatVector, hierarchy: Mat, mode: number, method: number): void;
  contourArea(contour: Mat): number;
  convexHull(points: Mat, hull: Mat, clockwise: boolean, returnPoints: boolean): void;
  arcLength(curve: Mat, closed: boolean): number;
  approxPolyDP(curve: Mat, approx: Mat, epsilon: number, closed: boolean): void;
  getPerspectiveTransform(src: Mat, dst: Mat): Mat;
  warpPerspective(
    src: Mat,
    dst: Mat,
    matrix: Mat,
    size: Size,
    flags: number,
    borderMode: number,
    borderValue: number[],
  ): void;
  warpAffine(
    src: Mat,
    dst: Mat,
    matrix: Mat,
    size: Size,
    flags: number,
    borderMode: number,
    borderValue: number[],
  ): void;
  getRotationMatrix2D(center: { x: number; y: number }, angle: number, scale: number): Mat;
  morphologyEx(src: Mat, dst: Mat, op: number, kernel: Mat): void;
  adaptiveThreshold(
    src: Mat,
    dst: Mat,
    maxValue: number,
    method: number,
    type: number,
    blockSize: number,
    c: number,
  ): void;
  threshold(src: Mat, dst: Mat, thresh: number, maxValue: number, type: number): number;
  divide(src1: Mat, src2: Mat, dst: Mat, scale: number): void;
  bitwise_or(src1: Mat, src2: Mat, dst: Mat): void;
  minAreaRect(points: Mat): RotatedRect;
  findHomography(src: Mat, dst: Mat, method: number, threshold: number, mask: Mat): Mat;
  resize(src: Mat, dst: Mat, size: Size, fx: number, fy: number, interpolation: number): void;
  CV_8UC1: number;
  CV_8UC3: number;
  CV_32FC2: number;
  CV_32F: number;
  COLOR_RGB2GRAY: number;
  RETR_EXTERNAL: number;
  RETR_LIST: number;
  CHAIN_APPROX_SIMPLE: number;
  MORPH_RECT: number;
  MORPH_OPEN: number;
  MORPH_CLOSE: number;
  ADAPTIVE_THRESH_GAUSSIAN_C: number;
  ADAPTIVE_THRESH_MEAN_C: number;
  THRESH_BINARY: number;
  THRESH_BINARY_INV: number;
  THRESH_OTSU: number;
  INTER_LINEAR: number;
  INTER_AREA: number;
  INTER_CUBIC: number;
  BORDER_CONSTANT: number;
  BORDER_REPLICATE: number;
  BORDER_TRANSPARENT: number;
  NORM_HAMMING: number;
  RANSAC: number;
}

let loading: Promise<OpenCv> | undefined;

/**
 * Loads OpenCV once per process (~0.3 s). The Emscripten module is a thenable that resolves to
 * itself, so awaiting it directly never settles: wait for the runtime, then drop its `then`.
 */
export function loadOpenCv(): Promise<OpenCv> {
  loading ??= new Promise<OpenCv>((resolve, reject) => {
    try {
      const require = createRequire(import.meta.url);
      // The Emscripten glue installs process-wide handlers that rethrow uncaught exceptions
      // and abort on unhandled rejections; LeakWatch processes handle those themselves.
      const before = {
        uncaughtException: process.listeners('uncaughtException'),
        unhandledRejection: process.listeners('unhandledRejection'),
      };
      const module = require('@techstark/opencv-js') as Record<string, unknown> & {
        onRuntimeInitialized?: () => void;
      };
      for (const listener of process.listeners('uncaughtException')) {
        if (!before.uncaughtException.includes(listener))
          process.removeListener('uncaughtException', listener);
      }
      for (const listener of process.listeners('unhandledRejection')) {
        if (!before.unhandledRejection.includes(listener))
          process.removeListener('unhandledRejection', listener);
      }
      const ready = () => {
        delete module['then'];
        resolve(module as unknown as OpenCv);
      };
      if (typeof module['Mat'] === 'function') ready();
      else module.onRuntimeInitialized = ready;
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return loading;
}

/** Runs `use` and deletes every Mat-like object it registered, whatever happens. */
export function withMats<T>(use: (track: <M extends { delete(): void }>(mat: M) => M) => T): T {
  const tracked: { delete(): void }[] = [];
  const track = <M extends { delete(): void }>(mat: M): M => {
    tracked.push(mat);
    return mat;
  };
  try {
    return use(track);
  } finally {
    for (const mat of tracked.reverse()) mat.delete();
  }
}
