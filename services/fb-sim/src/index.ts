export {
  demoGroup,
  demoGroupVanity,
  expectedImageNames,
  feedPath,
  generateGroup,
  generatePage,
  photoName,
  photoPost,
  type SimGroup,
  type SimPhoto,
  type SimPost,
} from './content.js';
export {
  FacebookSimulator,
  albumTiles,
  type Scenario,
  type ScriptedEvent,
  type SimulatorOptions,
} from './simulator.js';
export { SimCdn, type SizeVariant } from './cdn.js';
