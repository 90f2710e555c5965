import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type CollectFunction } from 'prom-client';
import { METRICS, type MetricKey } from './declarations.ts';

type Labels<K extends MetricKey> = (typeof METRICS)[K]['labels'][number];

/**
 * The metrics of one app instance, on a registry of its own: tests build many apps in one process
 * and prom-client's global registry would refuse the second set of names. Event counters are
 * incremented where things happen; the gauges read at scrape time are added by watch.ts.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<Labels<'httpRequests'>>;
  readonly httpDuration: Histogram<Labels<'httpDuration'>>;
  readonly rateLimited: Counter<Labels<'rateLimited'>>;
  readonly callbackAttempts: Counter<Labels<'callbackAttempts'>>;
  readonly jobRuns: Counter<Labels<'jobRuns'>>;
  readonly jobFailures: Counter<Labels<'jobFailures'>>;
  /** Runs one turn of a background job, counting the run and its failure (the error is passed on). */
  runJob<T>(job: string, work: () => Promise<T>): Promise<T>;
}

export interface MetricsOptions {
  /**
   * prom-client's process_* and nodejs_* metrics (event-loop lag, heap, GC, handles); on unless
   * turned off. They observe the whole process for good (nothing stops them), so one set per process.
   */
  processMetrics?: boolean;
}

/** Request latencies from 5 ms (a signed read) to 10 s (a marketplace call that times out). */
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const jobRuns = counter(registry, 'jobRuns');
  const jobFailures = counter(registry, 'jobFailures');
  return {
    registry,
    httpRequests: counter(registry, 'httpRequests'),
    httpDuration: new Histogram({ ...declared('httpDuration'), buckets: LATENCY_BUCKETS_SECONDS, registers: [registry] }),
    rateLimited: counter(registry, 'rateLimited'),
    callbackAttempts: counter(registry, 'callbackAttempts'),
    jobRuns,
    jobFailures,
    runJob: async (job, work) => {
      jobRuns.inc({ job });
      try {
        return await work();
      } catch (error) {
        jobFailures.inc({ job });
        throw error;
      }
    },
  };
}

function declared<K extends MetricKey>(key: K): { name: string; help: string; labelNames: Labels<K>[] } {
  const { name, help, labels } = METRICS[key];
  return { name, help, labelNames: [...labels] };
}

export function counter<K extends MetricKey>(
  registry: Registry,
  key: K,
  collect?: CollectFunction<Counter<Labels<K>>>,
): Counter<Labels<K>> {
  return new Counter({ ...declared(key), registers: [registry], ...(collect ? { collect } : {}) });
}

export function gauge<K extends MetricKey>(registry: Registry, key: K, collect: CollectFunction<Gauge<Labels<K>>>): Gauge<Labels<K>> {
  return new Gauge({ ...declared(key), registers: [registry], collect });
}
