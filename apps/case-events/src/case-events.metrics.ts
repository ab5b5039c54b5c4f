import { Inject, Injectable } from '@nestjs/common';
import { METRICS } from '@tillidsbarometer/runtime';
import { Counter, Histogram, type Registry } from 'prom-client';

/** The ingest's Prometheus metrics: what was stored, what was refused and why, how long it took. */
@Injectable()
export class CaseEventsMetrics {
  readonly stored: Counter<'type'>;
  readonly duplicates: Counter;
  readonly rejected: Counter<'rule'>;
  readonly latency: Histogram<'shape'>;

  constructor(@Inject(METRICS) registry: Registry) {
    this.stored = new Counter({
      name: 'case_events_stored_total',
      help: 'Case events stored, by type',
      labelNames: ['type'],
      registers: [registry],
    });
    this.duplicates = new Counter({
      name: 'case_events_duplicate_total',
      help: 'Case events received again (same eventId): stored once',
      registers: [registry],
    });
    this.rejected = new Counter({
      name: 'case_events_rejected_total',
      help: 'Case events rejected, by the rule they broke (isIn, caseClosed, forbidden, ...)',
      labelNames: ['rule'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'case_events_request_duration_seconds',
      help: 'Time to validate, decide and store one request of POST /api/v1/events',
      labelNames: ['shape'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }
}
