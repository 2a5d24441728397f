export { assessDocumentLikeness, type DocumentLikeness } from './document-likeness.js';
export { toGrey, type GreyImage, type Point, type Quad, type RgbPixels } from './grey-image.js';
export { applyHomography, homographyBetween, rectangleCorners } from './homography.js';
export { loadOpenCv, withMats, type OpenCv } from './opencv.js';
export {
  a4PageSize,
  estimateQuarterTurn,
  estimateSkew,
  findPageInside,
  findPageQuad,
  flattenIllumination,
  orderCorners,
  quadArea,
  rectifyPage,
  removeTableRules,
  rotateGrey,
  rotateQuarterTurns,
  scaleGrey,
  type PageQuadOptions,
} from './page-geometry.js';
export {
  descriptorBytes,
  detectKeypoints,
  localise,
  matchKeypoints,
  packKeypoints,
  unpackKeypoints,
  type KeypointMatch,
  type KeypointOptions,
  type Keypoints,
  type Localisation,
} from './keypoints.js';
