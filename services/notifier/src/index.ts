export { deliverDue, retryDelayMs, type NotifierDependencies } from './deliver.js';
export { emailFor } from './email-template.js';
