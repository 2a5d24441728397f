export { withDatabase, type ProvidedServices } from './provided.js';
export { useTestDatabase, type TestDatabase } from './test-database.js';
export { useTestQueue, type TestQueue } from './test-queue.js';
export { listProcesses, processTree, type ProcessInfo } from './processes.js';
export {
  handmadePdf,
  handmadeZip,
  minimalDocx,
  pngClaiming,
  type HandmadePdfOptions,
  type ZipEntry,
} from './handmade-files.js';
export { freePort } from './free-port.js';
