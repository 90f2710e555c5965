export { METRICS, type MetricKey } from './declarations.ts';
export { createMetrics, type Metrics, type MetricsOptions } from './registry.ts';
export { watch, type WatchSources } from './watch.ts';
export { instrumentHttp, registerMetricsRoute } from './http.ts';
