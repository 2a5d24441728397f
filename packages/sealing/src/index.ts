export { openSealed, sealBytes, SealError, type SealingKey } from './seal.js';
