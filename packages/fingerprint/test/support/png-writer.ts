import { crc32, deflateSync } from 'node:zlib';

/**
 * Writes PNG files byte by byte, for inputs an encoder will not produce: a header that lies
 * about the size (a pixel bomb), 16-bit grey with known samples, grey+alpha, a palette.
 */

function chunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export const pngColourType = { grey: 0, rgb: 2, palette: 3, greyAlpha: 4, rgba: 6 } as const;

export interface PngSpec {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  colourType: (typeof pngColourType)[keyof typeof pngColourType];
  /** Unfiltered scanlines, without the filter byte; may be shorter than the header implies. */
  pixels: Uint8Array;
  /** RGB triples, for the palette colour type. */
  palette?: Uint8Array;
  /** Bytes per scanline, when `pixels` holds whole rows. */
  rowBytes?: number;
}

export function writePng(spec: PngSpec): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(spec.width, 0);
  header.writeUInt32BE(spec.height, 4);
  header[8] = spec.bitDepth;
  header[9] = spec.colourType;
  // compression, filter and interlace methods: 0 (the only ones defined, and no interlace).
  const rowBytes = spec.rowBytes ?? spec.pixels.length;
  const rows = Math.max(1, Math.ceil(spec.pixels.length / rowBytes));
  const raw = Buffer.alloc(rows * (rowBytes + 1));
  for (let r = 0; r < rows; r++) {
    // Filter type 0 (none) before each scanline.
    Buffer.from(spec.pixels.subarray(r * rowBytes, (r + 1) * rowBytes)).copy(
      raw,
      r * (rowBytes + 1) + 1,
    );
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...(spec.palette ? [chunk('PLTE', spec.palette)] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
