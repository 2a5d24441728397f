export { demoPlan, loadDemoScenario } from './demo-scenario.js';
export { demoTimeline } from './demo-timeline.js';
export { registerDemoDocuments } from './register-demo-documents.js';
