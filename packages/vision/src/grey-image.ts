/** 8-bit single-channel pixels, row-major: what page geometry and OCR work on. */
export interface GreyImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Four corners, clockwise from top-left. */
export type Quad = [Point, Point, Point, Point];

/** 8-bit RGB pixels, row-major (the shape `@leakwatch/fingerprint` decodes to). */
export interface RgbPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** ITU-R BT.601 luma, as PDQ and tesseract expect. */
export function toGrey(image: RgbPixels): GreyImage {
  const grey = new Uint8Array(image.width * image.height);
  const { data } = image;
  for (let i = 0, j = 0; i < grey.length; i += 1, j += 3) {
    grey[i] = Math.round(
      0.299 * (data[j] as number) +
        0.587 * (data[j + 1] as number) +
        0.114 * (data[j + 2] as number),
    );
  }
  return { data: grey, width: image.width, height: image.height };
}
