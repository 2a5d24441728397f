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

// Reused between calls: a worker looks at thousands of thumbnails, and fresh arrays of this size
// per image were a tenth of its time in garbage collection.
let histograms = new Uint32Array(gridSize * gridSize * 256);
let cellSaturation = new Float64Array(gridSize * gridSize);
let cellOfColumn = new Int32Array(0);

export function assessDocumentLikeness(image: RgbPixels): DocumentLikeness {
  const { data, width, height } = image;
  const cellWidth = Math.max(1, Math.floor(width / gridSize));
  const cellHeight = Math.max(1, Math.floor(height / gridSize));
  const columns = Math.floor(width / cellWidth);
  const rows = Math.floor(height / cellHeight);
  const cells = columns * rows;
  if (histograms.length < cells * 256) histograms = new Uint32Array(cells * 256);
  if (cellSaturation.length < cells) cellSaturation = new Float64Array(cells);
  if (cellOfColumn.length < width) cellOfColumn = new Int32Array(width);
  histograms.fill(0, 0, cells * 256);
  cellSaturation.fill(0, 0, cells);
  for (let x = 0; x < width; x += 1) {
    const column = Math.floor(x / cellWidth);
    cellOfColumn[x] = column < columns ? column : -1;
  }

  // One pass: each pixel's brightness goes to its cell's histogram, its saturation to its
  // cell's and the image's sums. Pixels past the last whole cell count only for the image.
  let saturationSum = 0;
  for (let y = 0, o = 0; y < height; y += 1) {
    const row = Math.floor(y / cellHeight);
    const rowCells = row < rows ? row * columns : -1;
    for (let x = 0; x < width; x += 1, o += 3) {
      const r = data[o] as number;
      const g = data[o + 1] as number;
      const b = data[o + 2] as number;
      const max = r > g ? (r > b ? r : b) : g > b ? g : b;
      const min = r < g ? (r < b ? r : b) : g < b ? g : b;
      const s = max === 0 ? 0 : (max - min) / max;
      saturationSum += s;
      const column = cellOfColumn[x] as number;
      if (rowCells < 0 || column < 0) continue;
      const cell = rowCells + column;
      // Summed as the earlier per-pixel Float32Array held them: the same decisions to the bit.
      cellSaturation[cell] = (cellSaturation[cell] as number) + Math.fround(s);
      const bin = cell * 256 + Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      histograms[bin] = (histograms[bin] as number) + 1;
    }
  }

  let textCells = 0;
  const count = cellWidth * cellHeight;
  for (let cell = 0; cell < cells; cell += 1) {
    const base = cell * 256;
    // The cell's background: its 70th percentile brightness (letters are a minority).
    let seen = 0;
    let background = 0;
    for (let v = 0; v < 256; v += 1) {
      seen += histograms[base + v] as number;
      if (seen >= count * 0.7) {
        background = v;
        break;
      }
    }
    let dark = 0;
    for (let v = 0; v < Math.max(0, background - 45); v += 1)
      dark += histograms[base + v] as number;
    const darkShare = dark / count;
    if (
      background >= 150 &&
      (cellSaturation[cell] as number) / count < 0.2 &&
      darkShare >= 0.01 &&
      darkShare <= 0.45
    )
      textCells += 1;
  }
  const textCellShare = cells === 0 ? 0 : textCells / cells;
  return {
    textCellShare,
    textCells,
    saturation: width * height === 0 ? 0 : saturationSum / (width * height),
    documentLike: textCellShare >= 0.04,
  };
}
