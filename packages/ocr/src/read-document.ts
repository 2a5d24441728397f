import { performance } from 'node:perf_hooks';
import type { PageText } from '@leakwatch/text';
import {
  estimateQuarterTurn,
  estimateSkew,
  findPageInside,
  findPageQuad,
  flattenIllumination,
  rectifyPage,
  removeTableRules,
  rotateGrey,
  rotateQuarterTurns,
  scaleGrey,
  type GreyImage,
  type OpenCv,
  type Quad,
} from '@leakwatch/vision';
import type { OcrEngine, OcrResult } from './ocr-engine.js';

export interface DocumentReading {
  page: PageText;
  /** The straightened page that was read (OCR boxes are in its coordinates). */
  image: GreyImage;
  text: string;
  confidence: number;
  /** Wall-clock seconds for preprocessing and OCR. */
  seconds: number;
  /** The page outline found in the image (undefined for crops and full-frame pages). */
  quad?: Quad;
  /** Clockwise quarter turns and then fine rotation (degrees) applied before reading. */
  quarterTurns: number;
  skewDegrees: number;
  /** OCR passes made (1–3): a weak reading is tried again sideways, then upside down. */
  attempts: number;
}

/** Text this small (long side, px) is enlarged before OCR: tesseract wants ~20 px letters. */
const minimumLongSide = 1400;
/**
 * Larger pages are reduced to about the 150 dpi of an A4 page (1754 px): OCR time grows with
 * pixels, and letters are already large enough there.
 */
const maximumLongSide = 1800;
/** A reading below this mean confidence, or with fewer letters, is tried in other orientations. */
const weakConfidence = 55;
const weakLetters = 60;

const letterCount = (result: OcrResult) => result.text.replace(/[^\p{L}\p{N}]/gu, '').length;
const isWeakReading = (result: OcrResult) =>
  result.confidence < weakConfidence || letterCount(result) < weakLetters;
/** Confident letters: an upside-down or sideways page reads as few letters, or as garbage. */
const legibility = (result: OcrResult) => letterCount(result) * (result.confidence / 100);

/**
 * Reads a photographed, screenshotted or cropped document: find and straighten the page,
 * flatten the light, turn text lines horizontal, then OCR the grey page. Rectification and
 * flattening are what take a phone photo from ~25% to ~3% character errors. Table rules are
 * removed only to judge orientation: on grey (not binarised) pages tesseract reads bordered
 * tables better with the rules left in (docs/ocr.md has the measurements).
 */
export async function readDocument(
  engine: OcrEngine,
  cv: OpenCv,
  image: GreyImage,
): Promise<DocumentReading> {
  const started = performance.now();
  let quad = findPageQuad(cv, image);
  let page = quad ? rectifyPage(cv, image, quad) : image;
  // A photo of a monitor finds the screen first; the document is the white page on it.
  const inner = quad && findPageInside(cv, quad, page);
  if (inner) {
    quad = inner;
    page = rectifyPage(cv, image, inner);
  }
  const longSide = Math.max(page.width, page.height);
  if (longSide < minimumLongSide) page = scaleGrey(cv, page, minimumLongSide / longSide);
  else if (longSide > maximumLongSide) page = scaleGrey(cv, page, maximumLongSide / longSide);
  page = flattenIllumination(cv, page);
  // Orientation is judged without table rules: a table's vertical rules look like sideways text.
  const guess = estimateQuarterTurn(removeTableRules(cv, page)) === 90 ? 1 : 0;
  /** Letters read by each attempt so far. */
  const tried: number[] = [];
  const attempt = async (turns: number) => {
    let turned = rotateQuarterTurns(page, turns);
    const skew = estimateSkew(turned);
    if (skew !== 0) turned = rotateGrey(cv, turned, skew);
    const result = await engine.read(turned);
    tried.push(letterCount(result));
    return { turns, skew, image: turned, result };
  };
  // The cheap orientation guess is wrong on sparse pages and small crops; a reading with
  // hardly any text is retried in the other orientations, and the most legible one kept.
  let best = await attempt(guess);
  if (isWeakReading(best.result)) {
    const sideways = await attempt(1 - guess);
    if (legibility(sideways.result) > legibility(best.result)) best = sideways;
  }
  // Upright and sideways both without a single letter: nothing on the image reads as text, and
  // turning it over will not change that (upside-down text reads as wrong letters, not none).
  // Saves a third of the reading of the photos the gate lets through.
  const nothingEitherWay = tried.length === 2 && tried.every((letters) => letters === 0);
  if (isWeakReading(best.result) && !nothingEitherWay) {
    const upsideDown = await attempt(best.turns + 2);
    if (legibility(upsideDown.result) > legibility(best.result)) best = upsideDown;
  }
  const { result, image: readPage, turns: quarterTurns, skew: skewDegrees } = best;
  page = readPage;
  return {
    page: result.page,
    image: page,
    text: result.text,
    confidence: result.confidence,
    seconds: (performance.now() - started) / 1000,
    quad,
    quarterTurns: quarterTurns % 4,
    skewDegrees,
    attempts: tried.length,
  };
}
