import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LogSink } from '@leakwatch/observability';

/** What a queue reports on each scrape (BullMQ job counts and the oldest waiting job). */
export interface QueueProbe {
  name: string;
  counts: () => Promise<Record<string, number>>;
  /** When the oldest waiting job was added (ms since epoch), or undefined when none waits. */
  oldestWaitingAt: () => Promise<number | undefined>;
}

/**
 * LeakWatch's Prometheus metrics for one process: Node's own (memory, event loop, GC), queue
 * depth and age read live from Redis on each scrape, jobs and failures by class, per-stage
 * latencies of the image pipeline, images and alerts. Every service shares the same names, so
 * one dashboard covers any number of processes (told apart by the `service` label).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly jobs: Counter<'queue' | 'job' | 'outcome'>;
  readonly jobFailures: Counter<'queue' | 'job' | 'failure'>;
  readonly stageSeconds: Histogram<'stage'>;
  readonly imagesProcessed: Counter<'verdict'>;
  readonly alertsCreated: Counter<'kind'>;
  readonly imagesDownloaded: Counter;
  readonly imageFetchFailures: Counter<'failure'>;
  readonly crawls: Counter<'state'>;
  private readonly probes: QueueProbe[] = [];

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'leakwatch_' });
    const registers = [this.registry];
    this.jobs = new Counter({
      name: 'leakwatch_jobs_total',
      help: 'Jobs finished by this process, by outcome (done, skipped, failed)',
      labelNames: ['queue', 'job', 'outcome'],
      registers,
    });
    this.jobFailures = new Counter({
      name: 'leakwatch_job_failures_total',
      help: 'Failed job attempts by failure class',
      labelNames: ['queue', 'job', 'failure'],
      registers,
    });
    this.stageSeconds = new Histogram({
      name: 'leakwatch_stage_duration_seconds',
      help: 'Time per pipeline stage: fetch, decode, hash, ocr, match',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.imagesProcessed = new Counter({
      name: 'leakwatch_images_processed_total',
      help: 'Images matched, by verdict (rate() of it is images per second)',
      labelNames: ['verdict'],
      registers,
    });
    this.alertsCreated = new Counter({
      name: 'leakwatch_alerts_created_total',
      help: 'Alerts created, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.imagesDownloaded = new Counter({
      name: 'leakwatch_images_downloaded_total',
      help: 'Images fetched by crawls',
      registers,
    });
    this.imageFetchFailures = new Counter({
      name: 'leakwatch_image_fetch_failures_total',
      help: 'Images a crawl could not fetch, by failure class',
      labelNames: ['failure'],
      registers,
    });
    this.crawls = new Counter({
      name: 'leakwatch_crawls_total',
      help: 'Crawls finished, by the state they left the source in',
      labelNames: ['state'],
      registers,
    });
    const probes = this.probes;
    new Gauge({
      name: 'leakwatch_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, delayed, failed, …), read on scrape',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const probe of probes)
          for (const [state, count] of Object.entries(await probe.counts()))
            this.set({ queue: probe.name, state }, count);
      },
    });
    new Gauge({
      name: 'leakwatch_queue_oldest_waiting_seconds',
      help: 'Age of the oldest waiting job per queue (0 when none waits)',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.reset();
        for (const probe of probes) {
          const since = await probe.oldestWaitingAt();
          this.set({ queue: probe.name }, since === undefined ? 0 : (Date.now() - since) / 1000);
        }
      },
    });
  }

  watchQueue(probe: QueueProbe): void {
    this.probes.push(probe);
  }

  /** The text exposition Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/**
 * Serves `GET /metrics` on its own address (loopback by default: metrics say how busy and how
 * large things are, which is for operators, not for the internet).
 */
export async function serveMetrics(
  metrics: Metrics,
  options: { host: string; port: number; log: LogSink },
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    metrics.exposition().then(
      ({ contentType, body }) => {
        response.writeHead(200, { 'content-type': contentType }).end(body);
      },
      (error: unknown) => {
        options.log.error({ err: error }, 'metrics collection failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`;
  options.log.info({ url }, 'metrics listening');
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * A service's metrics and their endpoint. A port of 0 or one already taken (two processes of
 * one kind on a machine) leaves the service running without the endpoint, with a warning:
 * metrics never stop the work.
 */
export async function openServiceMetrics(
  service: string,
  options: { host: string; port: number; log: LogSink; queues?: readonly QueueProbe[] },
): Promise<{ metrics: Metrics; url: string | undefined; close: () => Promise<void> }> {
  const metrics = new Metrics(service);
  for (const probe of options.queues ?? []) metrics.watchQueue(probe);
  if (options.port === 0) return { metrics, url: undefined, close: () => Promise.resolve() };
  try {
    const server = await serveMetrics(metrics, options);
    return { metrics, url: server.url, close: server.close };
  } catch (error) {
    options.log.warn(
      { err: error, port: options.port },
      'metrics endpoint not started (port in use?); set the service metrics port to move it',
    );
    return { metrics, url: undefined, close: () => Promise.resolve() };
  }
}
