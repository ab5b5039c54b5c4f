import { Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { HealthChecks, type RuntimeConfig } from '@tillidsbarometer/runtime';
import type { BusErrorReporter } from '../delivery/delivery-settings';
import { InProcessBus } from '../in-process/in-process-bus';
import type { IntegrationBus } from '../integration-bus.port';
import { INTEGRATION_BUS } from '../integration-bus.token';
import { KafkaBus } from '../kafka/kafka-bus';
import { NatsBus } from '../nats/nats-bus';
import { loadBusConfig, type BusConfig } from './bus-config';

export const BUS_CONFIG = Symbol('BusConfig');

/** How long readiness waits for the transport to answer before it reports the bus down. */
const PING_TIMEOUT_MS = 3_000;

/** Opens the transport the configuration chooses; the in-process one lives in `database` (the product's own). */
export async function openIntegrationBus(
  config: BusConfig,
  database: Database | undefined,
  onError: BusErrorReporter,
): Promise<IntegrationBus> {
  switch (config.transport) {
    case 'kafka':
      return KafkaBus.connect({
        ...config.kafka,
        delivery: config.delivery,
        retentionMs: config.retentionMs,
        publishTimeoutMs: config.publishTimeoutMs,
        onError,
      });
    case 'nats':
      return NatsBus.connect({
        ...config.nats,
        delivery: config.delivery,
        retentionMs: config.retentionMs,
        publishTimeoutMs: config.publishTimeoutMs,
        onError,
      });
    case 'in-process':
      if (!database)
        throw new Error('the in-process bus needs the product database (import the RuntimeModule), or set KAFKA_BROKERS or NATS_URL');
      return InProcessBus.open(database, {
        delivery: config.delivery,
        retentionMs: config.retentionMs,
        pollIntervalMs: config.inProcess.pollIntervalMs,
        onError,
      });
  }
}

@Injectable()
class BusLifecycle implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(INTEGRATION_BUS) private readonly bus: IntegrationBus,
    private readonly health: HealthChecks,
  ) {}

  onModuleInit(): void {
    this.health.add(async () => {
      const indicator = this.health.indicator('integrationBus');
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          this.bus.ping(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
          }),
        ]);
        return indicator.up({ transport: this.bus.kind });
      } catch (error) {
        return indicator.down({ transport: this.bus.kind, message: (error as Error).message });
      } finally {
        clearTimeout(timer);
      }
    });
  }

  /**
   * Before the application's own shutdown hooks, so that consumers stop (their running handlers finish and are
   * acknowledged) while the database they write to is still open: the store closes it in onApplicationShutdown.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

/**
 * The process's IntegrationBus: Kafka when KAFKA_BROKERS is set, else NATS JetStream when NATS_URL is set, else
 * the in-process log in the product's database (the embedded default). Needs the RuntimeModule (database,
 * health). Global: services inject `INTEGRATION_BUS`.
 */
@Module({})
export class BusModule {
  static forRoot(runtime: RuntimeConfig): DynamicModule {
    const config = loadBusConfig(runtime.env);
    const logger = new Logger('IntegrationBus');
    const onError: BusErrorReporter = (error, context) => logger.warn({ err: error }, context);
    return {
      module: BusModule,
      global: true,
      providers: [
        { provide: BUS_CONFIG, useValue: config },
        {
          provide: INTEGRATION_BUS,
          useFactory: async (database?: Database) => {
            const bus = await openIntegrationBus(config, database, onError);
            logger.log(`integration bus: ${bus.kind}`);
            return bus;
          },
          inject: [{ token: DATABASE, optional: true }],
        },
        BusLifecycle,
      ],
      exports: [INTEGRATION_BUS, BUS_CONFIG],
    };
  }
}
