import type { RgbPixels } from './grey-image.js';

/**
 * A cheap look at a thumbnail (~20 ms at 480 px) deciding whether it could show a document
 * page, so the expensive OCR runs only where it pays. The image is cut into a grid; a cell is
 * "text on paper" when it is bright, colourless and holds a moderate share of pixels clearly
 * darker than its own background (letters). Photos of pages on a desk, screenshots and crops
 * all have such cells; landscapes, memes and coloured text cards do not. A miss here is a missed
 * leak, so the threshold errs towards OCR. Measured by `pnpm bench:gate`.
 */
export interface DocumentLikeness {
  /** Share of grid cells that look like text on paper. */
  textCellShare: number;
  textCells: number;
  /** Mean colour saturation of the image, 0..1. */
  saturation: number;
  documentLike: boolean;
}

const gridSize = 12;

export function assessDocumentLikeness(image: RgbPixels): DocumentLikeness {
  const { data, width, height } = image;
  const cellWidth = Math.max(1, Math.floor(width / gridSize));
  const cellHeight = Math.max(1, Math.floor(height / gridSize));
  const luma = new Uint8Array(width * height);
  let saturationSum = 0;
  const saturation = new Float32Array(width * height);
  for (let i = 0, o = 0; i < luma.length; i += 1, o += 3) {
    const r = data[o] as number;
    const g = data[o + 1] as number;
    const b = data[o + 2] as number;
    const max = Math.max(r, g, b);
    const s = max === 0 ? 0 : (max - Math.min(r, g, b)) / max;
    saturation[i] = s;
    saturationSum += s;
    luma[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  let textCells = 0;
  let cells = 0;
  const histogram = new Uint32Array(256);
  for (let cy = 0; cy + cellHeight <= height; cy += cellHeight) {
    for (let cx = 0; cx + cellWidth <= width; cx += cellWidth) {
      cells += 1;
      histogram.fill(0);
      let cellSaturation = 0;
      for (let y = cy; y < cy + cellHeight; y += 1) {
        for (let x = cx; x < cx + cellWidth; x += 1) {
          const i = y * width + x;
          histogram[luma[i] as number] = (histogram[luma[i] as number] as number) + 1;
          cellSaturation += saturation[i] as number;
        }
      }
      const count = cellWidth * cellHeight;
      // The cell's background: its 70th percentile brightness (letters are a minority).
      let seen = 0;
      let background = 0;
      for (let v = 0; v < 256; v += 1) {
        seen += histogram[v] as number;
        if (seen >= count * 0.7) {
          background = v;
          break;
        }
      }
      let dark = 0;
      for (let v = 0; v < Math.max(0, background - 45); v += 1) dark += histogram[v] as number;
      const darkShare = dark / count;
      if (
        background >= 150 &&
        cellSaturation / count < 0.2 &&
        darkShare >= 0.01 &&
        darkShare <= 0.45
      )
        textCells += 1;
    }
  }
  const textCellShare = cells === 0 ? 0 : textCells / cells;
  return {
    textCellShare,
    textCells,
    saturation: saturationSum / luma.length,
    documentLike: textCellShare >= 0.04,
  };
}
