import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import type { AlertingConfig } from '../alerting-config';
import { ALERT_TRANSITIONS } from '../alerting.schema';
import { ALERTING_CONFIG } from '../alerting.tokens';
import type { AlertView } from '../alert-view';

/** Where a stream's events are written: the raw HTTP response. */
export interface StreamSink {
  write(chunk: string): boolean;
  end(): void;
}

interface Client {
  kommune: string;
  sink: StreamSink;
  /** The id of the last transition sent to it: nothing is sent twice, nothing skipped. */
  lastSent: number;
}

interface TransitionRow {
  id: number;
  kommune: string;
  kind: 'firing' | 'resolved' | 'acknowledged';
  alert: AlertView;
}

const FALLBACK_POLL_MS = 2_000;
const PAGE = 1_000;

/**
 * The live feed of alert transitions, on every instance: the lease holder writes each firing, resolved and
 * acknowledged transition (in order, one writer) and announces it; each instance reads what is new and writes
 * it to the open streams of that kommune, as server-sent events with the transition's id, so a client that
 * reconnects with Last-Event-ID gets what it missed (for 7 days).
 */
@Injectable()
export class AlertStreamHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertStreamHub.name);
  private readonly clients = new Set<Client>();
  private lastId = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private unlisten: (() => Promise<void>) | undefined;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { rows } = await this.db.query<{ last: number | null }>('SELECT max(id) AS last FROM alerting.transitions');
    this.lastId = rows[0]?.last ?? 0;
    this.unlisten = await this.db.listen(ALERT_TRANSITIONS, () => void this.poll());
    this.timers.push(setInterval(() => void this.poll(), FALLBACK_POLL_MS));
    this.timers.push(setInterval(() => this.heartbeat(), this.config.heartbeatMs));
    for (const timer of this.timers) timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.unlisten?.().catch(() => undefined);
    for (const client of this.clients) client.sink.end();
    this.clients.clear();
  }

  /** Opens a kommune's stream; with a Last-Event-ID, first what came after it. Returns the function that closes it. */
  attach(kommune: string, sink: StreamSink, lastEventId: number | undefined): Promise<() => void> {
    return this.serially(async () => {
      const client: Client = { kommune, sink, lastSent: this.lastId };
      if (lastEventId !== undefined && lastEventId < this.lastId) {
        const { rows } = await this.db.query<TransitionRow>(
          `SELECT id, kommune, kind, alert FROM alerting.transitions WHERE kommune = $1 AND id > $2 AND id <= $3 ORDER BY id LIMIT $4`,
          [kommune, lastEventId, this.lastId, PAGE * 10],
        );
        for (const row of rows) this.send(client, row);
      }
      client.lastSent = this.lastId;
      this.clients.add(client);
      return () => this.clients.delete(client);
    });
  }

  private poll(): Promise<void> {
    return this.serially(async () => {
      for (;;) {
        const { rows } = await this.db.query<TransitionRow>(
          'SELECT id, kommune, kind, alert FROM alerting.transitions WHERE id > $1 ORDER BY id LIMIT $2',
          [this.lastId, PAGE],
        );
        for (const row of rows) {
          for (const client of this.clients) if (client.kommune === row.kommune && row.id > client.lastSent) this.send(client, row);
          this.lastId = row.id;
        }
        if (rows.length < PAGE) return;
      }
    }).catch((error: unknown) => this.logger.warn({ err: error }, 'reading alert transitions failed; the next poll tries again'));
  }

  private send(client: Client, row: TransitionRow): void {
    client.lastSent = row.id;
    try {
      client.sink.write(`id: ${row.id}\nevent: ${row.kind}\ndata: ${JSON.stringify({ transition: row.kind, alert: row.alert })}\n\n`);
    } catch {
      this.clients.delete(client);
    }
  }

  private heartbeat(): void {
    for (const client of this.clients) {
      try {
        client.sink.write(': heartbeat\n\n');
      } catch {
        this.clients.delete(client);
      }
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
