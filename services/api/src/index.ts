export { buildApp, type AppDependencies } from './app.js';
export { lazyDocumentServices, type DocumentServices } from './document-services.js';
