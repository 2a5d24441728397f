export {
  buildLeakScenario,
  type LeakScenario,
  type LeakScenarioPlan,
  type ScenarioDocument,
  type ScenarioImage,
} from './leak-scenario.js';
