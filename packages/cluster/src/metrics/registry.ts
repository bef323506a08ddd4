/**
 * The metrics of a cqkit process in Prometheus form (prom-client, on a registry of its own so two
 * apps in one process do not mix). Counters are fed by the code that sees the thing happen;
 * gauges are read when /metrics is scraped.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const sendsHelp =
  'Sends and writes by outcome: sent, failed, cancelled (never sent), uncertain (may have been sent; not resent), handed_back (left in the outbox for the next gateway)';

export type GaugeReader = () => Promise<Array<{ labels?: Record<string, string>; value: number }>> | Array<{ labels?: Record<string, string>; value: number }>;

export class CqkitMetrics {
  readonly registry = new Registry();
  readonly eventsReceived = new Counter({ name: 'cqkit_events_received_total', help: 'Events received from the implementations', registers: [this.registry] });
  readonly callDuration = new Histogram({
    name: 'cqkit_call_duration_seconds',
    help: 'Time an action call took at the implementation (from hand-off to answer)',
    labelNames: ['kind'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  /** A gauge whose values are read at scrape time. */
  gauge(name: string, help: string, labelNames: string[], read: GaugeReader): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { labels, value } of await read()) {
          if (labels) this.set(labels, value);
          else this.set(value);
        }
      },
    });
  }

  /** A counter whose totals are kept elsewhere (in Redis, in the app), read at scrape time. */
  counterFrom(name: string, help: string, labelNames: string[], read: GaugeReader): void {
    new Counter({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const values = await read();
        this.reset();
        for (const { labels, value } of values) {
          if (labels) this.inc(labels, value);
          else this.inc(value);
        }
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
