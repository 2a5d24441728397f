export { blockhashBits, computeBlockhash } from './blockhash.js';
export {
  configureSharpForWorkers,
  decodeImage,
  decodeImageWithSize,
  defaultDecodeLimits,
  reduceImage,
  type DecodedImage,
  type DecodeLimits,
  type DecodeMode,
  type DecodeOptions,
} from './decode-image.js';
export { computeDhash } from './dhash.js';
export {
  fingerprintImage,
  fingerprintImageWithPixels,
  matchingHashSide,
  perceptualHashInputSide,
  type FingerprintOptions,
  type ImageFingerprint,
} from './fingerprint-image.js';
export { formatPdqHash, hammingDistance, parsePdqHash, pdqHexLength } from './hash-hex.js';
export {
  computePdq,
  computePdqDihedral,
  pdqDihedralNames,
  pdqIntermediates,
  type PdqDihedralName,
  type PdqDihedralResult,
  type PdqResult,
} from './pdq.js';
export { computePhash } from './phash.js';
export { renderPreview, type ImagePreview, type PreviewOptions } from './preview-image.js';
export { cropImage, transformImage, unletterbox } from './pixel-transforms.js';
export { rgbImage, type RgbImage } from './rgb-image.js';
