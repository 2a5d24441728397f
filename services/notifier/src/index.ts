export { deliverDue, retryDelayMs, type NotifierDependencies } from './deliver.js';
export { emailFor } from './email-template.js';
export { queueDueReminders, type ReminderDependencies } from './reminders.js';
export { createWebhookClient } from './webhook-client.js';
