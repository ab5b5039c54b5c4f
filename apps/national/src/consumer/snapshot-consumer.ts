import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { INTEGRATION_BUS, KOMMUNE_SNAPSHOTS_TOPIC, type Consumer, type IncomingMessage, type IntegrationBus } from '@tillidsbarometer/bus';
import { fieldError, parseKommuneSnapshot, type FieldError } from '@tillidsbarometer/domain';
import { DATABASE, migrate, type Database } from '@tillidsbarometer/event-store';
import { CLOCK, HealthChecks, type Clock } from '@tillidsbarometer/runtime';
import { NATIONAL_CONFIG, type NationalConfig } from '../national.config';
import { nationalMigrations } from '../national.schema';
import { storeSnapshot, updateOutliers } from './store-snapshot';

const CODE = /^[A-Za-z0-9._:-]{1,200}$/;

export type HandledAs = 'stored' | 'duplicate' | 'parked';

/**
 * Consumes the kommune snapshots from the bus into the national store, idempotently by snapshot id: a snapshot
 * delivered again (at-least-once) is stored once. A message that is no valid version-1 snapshot, or breaks a
 * suppression rule, is parked with the reason and a log line and acknowledged, so it never stops the consumer nor
 * the snapshots behind it. Only a failure of the store itself leaves a message unacknowledged, to be delivered again.
 */
@Injectable()
export class SnapshotConsumer implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SnapshotConsumer.name);
  private consumer: Consumer | undefined;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NATIONAL_CONFIG) private readonly config: NationalConfig,
    private readonly health: HealthChecks,
    @Optional() @Inject(INTEGRATION_BUS) private readonly bus: IntegrationBus | null,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'national', nationalMigrations);
    if (!this.config.consume) return;
    this.health.add(async () => {
      const indicator = this.health.indicator('nationalConsumer');
      return this.consumer
        ? indicator.up({ bus: this.bus!.kind, group: this.config.consumerGroup })
        : indicator.down({ message: this.bus ? 'not consuming yet' : 'no integration bus is configured' });
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.consume) return;
    if (!this.bus) {
      this.logger.error('no integration bus is configured: the national service cannot receive kommune snapshots');
      return;
    }
    this.consumer = await this.bus.consume(KOMMUNE_SNAPSHOTS_TOPIC, (message) => this.handle(message).then(() => undefined), {
      group: this.config.consumerGroup,
      onError: (error, message) =>
        this.logger.error({ err: error, messageId: safe(message.id) }, 'a kommune snapshot could not be stored; the bus delivers it again'),
    });
    this.logger.log(`consuming ${KOMMUNE_SNAPSHOTS_TOPIC} as group ${this.config.consumerGroup} (${this.bus.kind})`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** One message: stored, a duplicate, or parked. Throws only when the store fails (the bus then delivers it again). */
  async handle(message: IncomingMessage): Promise<HandledAs> {
    const parsed = parseKommuneSnapshot(message.value);
    let errors: FieldError[] | undefined;
    let reason = 'invalid snapshot';
    if (!parsed.ok) {
      errors = parsed.errors;
      if (errors.some((e) => e.field === 'version' || e.field === 'schema')) reason = 'unknown schema or version';
    } else if (parsed.snapshot.snapshotId !== message.id || parsed.snapshot.kommune !== message.key) {
      reason = 'message does not match its snapshot';
      errors = [fieldError('(message)', 'matchesSnapshot', 'id and key must be the snapshot id and its kommune')];
    }
    if (errors) {
      await this.park(message, reason, errors.map(withSafeField));
      return 'parked';
    }
    const snapshot = parsed.ok ? parsed.snapshot : undefined;
    const stored = await this.db.transaction(async (tx) => {
      const result = await storeSnapshot(tx, snapshot!, message.value.byteLength, this.clock());
      if (result.latest) await updateOutliers(tx, this.config.outlierWindow, this.config.winsorisation);
      return result;
    });
    return stored.stored ? 'stored' : 'duplicate';
  }

  private async park(message: IncomingMessage, reason: string, errors: FieldError[]): Promise<void> {
    const sha256 = createHash('sha256').update(message.value).digest('hex');
    await this.db.query(
      `INSERT INTO national.parked (message_id, message_key, received_at, delivery_attempt, bytes, sha256, reason, errors)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (message_id, sha256) DO NOTHING`,
      [
        safe(message.id),
        safe(message.key),
        this.clock().toISOString(),
        message.deliveryAttempt,
        message.value.byteLength,
        sha256,
        reason,
        JSON.stringify(errors),
      ],
    );
    // Field paths and rules only: never a value from the message, which might hold what must not leave a kommune.
    this.logger.warn(
      { messageId: safe(message.id), key: safe(message.key), sha256, reason, errors: errors.map((e) => `${e.field}: ${e.rule}`) },
      `parked a kommune snapshot message (${reason}): ${errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('; ')}`,
    );
  }
}

/**
 * A field path names keys of the message, which the publisher chose: a segment that is not a plain name or index
 * (or holds a run of digits such as a CPR number) is replaced, in the path and in the sentence.
 */
function withSafeField(error: FieldError): FieldError {
  const field = error.field
    .split('.')
    .map((segment) => (/^[A-Za-z0-9_[\]|()-]{1,60}$/.test(segment) && !/\d{6}/.test(segment) ? segment : '(field)'))
    .join('.');
  const text = error.message.startsWith(error.field) ? error.message.slice(error.field.length) : ` ${error.rule}`;
  return { field, rule: /^[A-Za-z]{1,40}$/.test(error.rule) ? error.rule : 'invalid', message: `${field}${text}` };
}

/** An id or key as the publisher sent it, when it is a plain code; otherwise a marker (it is not trusted, nor echoed). */
function safe(text: string): string {
  return CODE.test(text) ? text : '(not a code)';
}
