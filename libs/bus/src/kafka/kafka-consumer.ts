import type { Consumer as KafkaConsumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { ContiguousWatermark } from '../delivery/contiguous-watermark';
import { KeySerialDispatcher } from '../delivery/key-serial-dispatcher';
import type { ConsumeOptions, Consumer, IncomingMessage, MessageHandler } from '../integration-bus.port';
import type { KafkaBusSettings } from './kafka-bus';

/** The header that carries the publisher's message id (Kafka has no id of its own). */
export const MESSAGE_ID_HEADER = 'bus-message-id';

/** The brokers refuse a session shorter than group.min.session.timeout.ms (6 s by default). */
const MIN_SESSION_TIMEOUT_MS = 6_000;

interface PartitionMessage {
  key: string;
  partition: number;
  offset: string;
  /** The group generation it was fetched in: after a rebalance the partition is read again from its commit. */
  generation: number;
  message: KafkaMessage;
}

interface PartitionState {
  watermark: ContiguousWatermark<string>;
  toCommit: string | undefined;
  committed: string | undefined;
  commits: Promise<void>;
}

/**
 * One member of a Kafka consumer group. What it guarantees:
 * - at least once: a partition's offset is committed only over an unbroken run of handled messages (the
 *   contiguous watermark), so a member that dies or stops, or a rebalance, makes the next owner start at the
 *   first message not handled; messages handled after it are delivered again (handlers are idempotent);
 * - order per key: a key lives in one partition, a partition has one owner, the owner handles one message of
 *   a key at a time in offset order, and a restart resumes from the committed offset in offset order;
 * - a failing message holds back its own key only: the other keys of its partition go on (they are handled,
 *   not committed past it, and come again after a restart); when a member holds `maxInFlight` messages it
 *   pauses fetching until it holds no more than half.
 * `ackTimeoutMs` is the group session timeout here (at least 6 s): how long until a dead member's partitions
 * move to another member. Kafka has no per-message acknowledgement deadline.
 */
export class KafkaConsumerMember implements Consumer {
  private readonly consumer: KafkaConsumer;
  private readonly dispatcher: KeySerialDispatcher<PartitionMessage>;
  private readonly partitions = new Map<number, PartitionState>();
  private generation = 0;
  private stopped = false;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    private readonly handler: MessageHandler,
    private readonly options: ConsumeOptions,
    private readonly settings: KafkaBusSettings,
    private readonly onStopped: () => void,
  ) {
    const sessionTimeout = Math.max(MIN_SESSION_TIMEOUT_MS, options.ackTimeoutMs ?? settings.delivery.ackTimeoutMs);
    this.consumer = kafka.consumer({
      groupId: options.group,
      sessionTimeout,
      heartbeatInterval: Math.floor(sessionTimeout / 10),
      allowAutoTopicCreation: false,
    });
    this.dispatcher = new KeySerialDispatcher<PartitionMessage>({
      handle: async (item, attempt) => {
        // Fetched before a rebalance: the partition is read again from its commit, so this copy is dropped.
        if (item.generation !== this.generation) return;
        await this.handler(this.incoming(item, attempt));
      },
      acknowledge: (item) => this.acknowledge(item),
      onHandlerError: (error, item, attempt) => this.options.onError?.(error, this.incoming(item, attempt)),
      onAcknowledgeError: (error) =>
        this.settings.onError(error, `bus ${topic}/${options.group}: committing an offset failed; trying again`),
      maxConcurrentKeys: settings.delivery.maxConcurrentKeys,
      retryDelay: settings.delivery.retryDelay,
    });
  }

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      // A new generation: every assigned partition is fetched again from its committed offset.
      this.generation += 1;
      this.partitions.clear();
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true, // "resolved" is only where the next fetch starts; commits are ours
      eachBatch: async (payload) => this.receive(payload),
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // Handlers that are running finish and commit while the consumer still runs (kafkajs drops commits after stop).
    await this.dispatcher.stop();
    await this.consumer.disconnect().catch((error: unknown) => this.settings.onError(error, `bus ${this.topic}: disconnecting failed`));
    this.onStopped();
  }

  private receive({ batch, pause }: EachBatchPayload): void {
    if (this.stopped) return;
    const state = this.partitionState(batch.partition);
    for (const message of batch.messages) {
      state.watermark.add(message.offset, message.offset);
      this.dispatcher.enqueue({
        key: message.key?.toString('utf8') ?? `partition-${batch.partition}`,
        partition: batch.partition,
        offset: message.offset,
        generation: this.generation,
        message,
      });
    }
    const limit = this.settings.delivery.maxInFlight;
    if (this.dispatcher.size >= limit) {
      const resume = pause();
      void this.dispatcher.belowLimit(Math.floor(limit / 2) + 1).then(() => {
        if (!this.stopped) resume();
      });
    }
  }

  private partitionState(partition: number): PartitionState {
    let state = this.partitions.get(partition);
    if (!state) {
      state = { watermark: new ContiguousWatermark<string>(), toCommit: undefined, committed: undefined, commits: Promise.resolve() };
      this.partitions.set(partition, state);
    }
    return state;
  }

  private incoming(item: PartitionMessage, attempt: number): IncomingMessage {
    const headers = textHeaders(item.message.headers);
    const id = headers[MESSAGE_ID_HEADER] ?? `${this.topic}:${item.partition}:${item.offset}`;
    delete headers[MESSAGE_ID_HEADER];
    return {
      topic: this.topic,
      key: item.key,
      id,
      value: item.message.value ?? new Uint8Array(0),
      headers,
      deliveryAttempt: attempt,
    };
  }

  /** Commits the partition up to the unbroken run of handled messages, one commit at a time per partition. */
  private async acknowledge(item: PartitionMessage): Promise<void> {
    if (item.generation !== this.generation) return;
    const state = this.partitions.get(item.partition);
    if (!state) return;
    state.watermark.complete(item.offset);
    const advanced = state.watermark.advance();
    if (advanced) state.toCommit = advanced.position;
    const commit = state.commits.then(async () => {
      const offset = state.toCommit;
      if (offset === undefined || offset === state.committed || item.generation !== this.generation) return;
      // Kafka's committed offset is the next one to read.
      await this.consumer.commitOffsets([{ topic: this.topic, partition: item.partition, offset: (BigInt(offset) + 1n).toString() }]);
      state.committed = offset;
    });
    state.commits = commit.catch(() => undefined);
    await commit;
  }
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) text[name] = first.toString();
  }
  return text;
}
