import type { Diagnosis, MetricsEvent, MetricsSource, ServiceMetrics } from '../../../main/contract/metrics.js';
import { useStreamReducer, type StreamState } from '../../api/streams.js';

/** What the `metrics.service` stream has said: the source it reads (or why none), then the latest figures. */
export interface ServiceMetricsState {
  source?: { source?: MetricsSource; diagnosis?: Diagnosis };
  metrics?: ServiceMetrics;
}

export function foldMetrics(state: ServiceMetricsState | undefined, event: MetricsEvent): ServiceMetricsState {
  if (event.type === 'source') {
    return { ...state, source: { ...(event.source ? { source: event.source } : {}), ...(event.diagnosis ? { diagnosis: event.diagnosis } : {}) } };
  }
  return { ...state, metrics: event.metrics };
}

export interface ServiceMetricsRequest {
  context: string;
  namespace: string;
  service: string;
  rangeSeconds: number;
  count4xx: boolean;
}

/**
 * A service's live figures: the core refreshes them while the page is open (its own pace, by the range) and stops
 * when the page goes away (the stream is cancelled on unmount). null: nothing to read.
 */
export function useServiceMetrics(request: ServiceMetricsRequest | null): StreamState<ServiceMetricsState> {
  return useStreamReducer('metrics.service', request ? { ...request, live: true } : null, foldMetrics);
}
