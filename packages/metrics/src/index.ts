export { Metrics, openServiceMetrics, serveMetrics, type QueueProbe } from './metrics.js';
export { bullQueueProbe } from './queue-probe.js';
