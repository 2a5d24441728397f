import type { RgbPixels } from './grey-image.js';

/**
 * A cheap look at a thumbnail (about a millisecond at 512 px) deciding whether it could show a
 * document page, so the expensive OCR runs only where it pays. The image is cut into a grid; a
 * cell is "text on paper" when it is bright, colourless and holds a moderate share of pixels
 * clearly darker than its own background (letters). Photos of pages on a desk, screenshots and
 * crops all have such cells; landscapes, memes and coloured text cards do not. A miss here is a
 * missed leak, so the threshold errs towards OCR. Measured by `pnpm bench:gate`.
 */
export interface DocumentLikeness {
  /** Share of grid cells that look like text on paper. */
  textCellShare: number;
  textCells: number;
  /** Text cells whose dark pixels come in short runs along rows, as letters' strokes do. */
  strokeCells: number;
  /** Mean colour saturation of the image, 0..1. */
  saturation: number;
  documentLike: boolean;
}

const gridSize = 12;

/**
 * Every second pixel of every second row is looked at. The statistics are shares (of a cell's
 * pixels, of its brightness histogram), which a quarter of a cell's ~1,300 pixels at 512 px
 * estimates well; it cuts the gate's cost, paid on every crawled image, by four.
 */
const sampleStep = 2;

// BT.601 luma in 16-bit fixed point, and saturation ((max - min) / max) in 1/1024 steps by
// (max, min): table lookups instead of floating-point work per pixel.
const lumaShift = 16;
const lumaR = new Uint32Array(256);
const lumaG = new Uint32Array(256);
const lumaB = new Uint32Array(256);
for (let v = 0; v < 256; v += 1) {
  lumaR[v] = Math.round(0.299 * v * (1 << lumaShift));
  lumaG[v] = Math.round(0.587 * v * (1 << lumaShift));
  lumaB[v] = Math.round(0.114 * v * (1 << lumaShift));
}
const lumaHalf = 1 << (lumaShift - 1);

/** BT.601 luma, rounded, of the RGB pixel at byte offset `o`. */
function lumaAt(data: Uint8Array, o: number): number {
  return (
    ((lumaR[data[o] as number] as number) +
      (lumaG[data[o + 1] as number] as number) +
      (lumaB[data[o + 2] as number] as number) +
      lumaHalf) >>>
    lumaShift
  );
}
const saturationScale = 1024;
const saturationOf = new Uint16Array(256 * 256);
for (let max = 1; max < 256; max += 1)
  for (let min = 0; min <= max; min += 1)
    saturationOf[max * 256 + min] = Math.round(((max - min) / max) * saturationScale);

/**
 * Letters are strokes: along a row their dark pixels come in short runs (1–3 px at 512 px, a
 * bold heading a few more). A bright cell cut by the edge of something dark — a phone app's
 * bar, a monitor's frame, a coloured disc in a pale ring — passes the other tests with long
 * runs. Such edges also border real pages, so they still count as text cells; but an image
 * needs `minStrokeCells` cells of actual strokes to be read. Runs are counted in sampled
 * pixels. Chosen on the matching corpus (`pnpm bench:gate`): photos sent to OCR 6 → 1 of
 * 150, and the only leaks no longer read show blank stretches of a page.
 */
const maxMeanDarkRun = 4;
const minStrokeCells = 3;

/** Mean length, in sampled pixels, of the runs of pixels darker than `threshold` in a cell's rows. */
function meanDarkRun(
  image: RgbPixels,
  left: number,
  top: number,
  cellWidth: number,
  cellHeight: number,
  threshold: number,
): number {
  const { data, width } = image;
  let darkPixels = 0;
  let runs = 0;
  const firstRow = Math.ceil(top / sampleStep) * sampleStep;
  const firstColumn = Math.ceil(left / sampleStep) * sampleStep;
  for (let y = firstRow; y < top + cellHeight; y += sampleStep) {
    let inRun = false;
    for (
      let x = firstColumn, o = (y * width + firstColumn) * 3;
      x < left + cellWidth;
      x += sampleStep, o += 3 * sampleStep
    ) {
      const dark = lumaAt(data, o) < threshold;
      if (dark) {
        darkPixels += 1;
        if (!inRun) runs += 1;
      }
      inRun = dark;
    }
  }
  return runs === 0 ? 0 : darkPixels / runs;
}

// Reused between calls: a worker looks at thousands of thumbnails, and fresh arrays of this size
// per image were a tenth of its time in garbage collection.
let histograms = new Uint32Array(gridSize * gridSize * 256);
let cellSaturation = new Uint32Array(gridSize * gridSize);
let cellSamples = new Uint32Array(gridSize * gridSize);
let cellOfColumn = new Int32Array(0);

export function assessDocumentLikeness(image: RgbPixels): DocumentLikeness {
  const { data, width, height } = image;
  const cellWidth = Math.max(1, Math.floor(width / gridSize));
  const cellHeight = Math.max(1, Math.floor(height / gridSize));
  const columns = Math.floor(width / cellWidth);
  const rows = Math.floor(height / cellHeight);
  const cells = columns * rows;
  if (histograms.length < cells * 256) histograms = new Uint32Array(cells * 256);
  if (cellSaturation.length < cells) {
    cellSaturation = new Uint32Array(cells);
    cellSamples = new Uint32Array(cells);
  }
  if (cellOfColumn.length < width) cellOfColumn = new Int32Array(width);
  histograms.fill(0, 0, cells * 256);
  cellSaturation.fill(0, 0, cells);
  cellSamples.fill(0, 0, cells);
  for (let x = 0; x < width; x += 1) {
    const column = Math.floor(x / cellWidth);
    cellOfColumn[x] = column < columns ? column : -1;
  }

  // One pass over the sampled pixels: brightness to the cell's histogram, saturation to the
  // cell's and the image's sums. Pixels past the last whole cell count only for the image.
  let saturationSum = 0;
  let sampled = 0;
  for (let y = 0; y < height; y += sampleStep) {
    const row = Math.floor(y / cellHeight);
    const rowCells = row < rows ? row * columns : -1;
    for (let x = 0, o = y * width * 3; x < width; x += sampleStep, o += 3 * sampleStep) {
      const r = data[o] as number;
      const g = data[o + 1] as number;
      const b = data[o + 2] as number;
      const max = r > g ? (r > b ? r : b) : g > b ? g : b;
      const min = r < g ? (r < b ? r : b) : g < b ? g : b;
      const s = saturationOf[(max << 8) | min] as number;
      saturationSum += s;
      sampled += 1;
      const column = cellOfColumn[x] as number;
      if (rowCells < 0 || column < 0) continue;
      const cell = rowCells + column;
      cellSaturation[cell] = (cellSaturation[cell] as number) + s;
      cellSamples[cell] = (cellSamples[cell] as number) + 1;
      const bin = (cell << 8) | lumaAt(data, o);
      histograms[bin] = (histograms[bin] as number) + 1;
    }
  }

  let textCells = 0;
  let strokeCells = 0;
  for (let cell = 0; cell < cells; cell += 1) {
    const base = cell << 8;
    const count = cellSamples[cell] as number;
    if (count === 0) continue;
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
    const darkBelow = background - 45;
    let dark = 0;
    for (let v = 0; v < Math.max(0, darkBelow); v += 1) dark += histograms[base + v] as number;
    const darkShare = dark / count;
    if (
      background >= 150 &&
      (cellSaturation[cell] as number) / (count * saturationScale) < 0.2 &&
      darkShare >= 0.01 &&
      darkShare <= 0.45
    ) {
      textCells += 1;
      const row = Math.floor(cell / columns);
      const column = cell - row * columns;
      const run = meanDarkRun(
        image,
        column * cellWidth,
        row * cellHeight,
        cellWidth,
        cellHeight,
        darkBelow,
      );
      if (run <= maxMeanDarkRun) strokeCells += 1;
    }
  }
  const textCellShare = cells === 0 ? 0 : textCells / cells;
  return {
    textCellShare,
    textCells,
    strokeCells,
    saturation: sampled === 0 ? 0 : saturationSum / (sampled * saturationScale),
    documentLike: textCellShare >= 0.04 && strokeCells >= minStrokeCells,
  };
}
