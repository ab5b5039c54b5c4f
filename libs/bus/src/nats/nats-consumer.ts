import { StringCodec, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import { KeySerialDispatcher } from '../delivery/key-serial-dispatcher';
import type { Consumer, ConsumeOptions, IncomingMessage, MessageHandler } from '../integration-bus.port';
import type { NatsBusSettings } from './nats-bus';

const ACK = StringCodec().encode('+ACK');
const MESSAGE_ID_HEADER = 'Nats-Msg-Id';
/** Stream sequences acknowledged lately, so that a redelivery racing our acknowledgement is not handled twice. */
const RECENTLY_ACKNOWLEDGED = 10_000;

interface HeldMessage {
  key: string;
  seq: number;
}

/**
 * One member of a durable pull consumer. What it guarantees:
 * - at least once: a message is acknowledged (and the acknowledgement confirmed by the server, retried until it
 *   is) only after the handler resolved; whatever this member holds unacknowledged when it dies or stops comes
 *   back to the group after the ack wait;
 * - order per key within the member: one handler call at a time per key, a failed message tried again in
 *   place (it is kept "in progress" meanwhile, so the server does not hand it to anyone else) before anything
 *   behind it with the same key;
 * - order per key across a crash: a member that starts while the group has unacknowledged messages (the dead
 *   member's) waits one ack wait before it pulls, so that the server delivers those again first, in stream
 *   order, ahead of newer ones (JetStream sends expired redeliveries before new messages);
 * - two live members of one group share the work by message, not by key, so per-key order holds for a group
 *   with one live member at a time (the national service runs one); max_ack_pending bounds what a member holds.
 */
export class NatsConsumer implements Consumer {
  private stopped = false;
  private messages: ConsumerMessages | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private readonly held = new Map<number, JsMsg>();
  private readonly recentlyAcknowledged = new Set<number>();
  private readonly dispatcher: KeySerialDispatcher<HeldMessage>;
  private interruptWait: () => void = () => undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly topic: string,
    private readonly handler: MessageHandler,
    private readonly options: ConsumeOptions & { ackTimeoutMs: number },
    private readonly settings: NatsBusSettings,
    private readonly onStopped: () => void,
  ) {
    this.dispatcher = new KeySerialDispatcher<HeldMessage>({
      handle: (item, attempt) => this.handler(this.incoming(item, attempt)),
      acknowledge: (item) => this.acknowledge(item),
      firstAttempt: (item) => this.held.get(item.seq)?.info.deliveryCount ?? 1,
      onHandlerError: (error, item, attempt) => this.options.onError?.(error, this.incoming(item, attempt)),
      onAcknowledgeError: (error) =>
        this.settings.onError(error, `bus ${this.topic}/${this.options.group}: acknowledging failed; trying again`),
      maxConcurrentKeys: settings.delivery.maxConcurrentKeys,
      retryDelay: settings.delivery.retryDelay,
    });
  }

  async start(): Promise<void> {
    const info = await this.jsm.consumers.info(this.topic, this.options.group);
    if (info.num_ack_pending > 0) {
      // Another member holds messages, most likely one that died: let them expire so they come first.
      await this.wait(this.options.ackTimeoutMs + 500);
    }
    if (this.stopped) return;
    const consumer = await this.js.consumers.get(this.topic, this.options.group);
    this.messages = await consumer.consume({
      max_messages: Math.min(256, this.settings.delivery.maxInFlight),
      callback: (message) => this.receive(message),
    });
    // Keeps what this member holds (queued behind its key, or in a handler, or between retries) from expiring.
    this.keepAlive = setInterval(
      () => {
        for (const message of this.held.values()) message.working();
      },
      Math.max(250, Math.floor(this.options.ackTimeoutMs / 3)),
    );
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.interruptWait();
    await this.messages?.close().catch(() => undefined);
    await this.dispatcher.stop();
    clearInterval(this.keepAlive);
    this.held.clear();
    this.onStopped();
  }

  private receive(message: JsMsg): void {
    if (this.stopped) return; // not acknowledged: it comes back to the group after the ack wait
    const seq = message.seq;
    if (this.recentlyAcknowledged.has(seq)) {
      void this.confirmAck(message).catch(() => undefined);
      return;
    }
    const alreadyHeld = this.held.has(seq);
    this.held.set(seq, message); // a redelivery of a message held here: answer with its newest handle
    if (alreadyHeld) return;
    const key = message.subject.slice(this.topic.length + 1);
    this.dispatcher.enqueue({ key, seq });
  }

  private incoming(item: HeldMessage, attempt: number): IncomingMessage {
    const message = this.held.get(item.seq)!;
    const headers: Record<string, string> = {};
    for (const name of message.headers?.keys() ?? []) {
      if (!/^nats-/i.test(name)) headers[name] = message.headers!.get(name);
    }
    return {
      topic: this.topic,
      key: item.key,
      id: message.headers?.get(MESSAGE_ID_HEADER) ?? `${this.topic}:${item.seq}`,
      value: message.data,
      headers,
      deliveryAttempt: attempt,
    };
  }

  private async acknowledge(item: HeldMessage): Promise<void> {
    const message = this.held.get(item.seq);
    if (!message) return;
    await this.confirmAck(message);
    this.held.delete(item.seq);
    this.recentlyAcknowledged.add(item.seq);
    if (this.recentlyAcknowledged.size > RECENTLY_ACKNOWLEDGED) {
      this.recentlyAcknowledged.delete(this.recentlyAcknowledged.values().next().value!);
    }
  }

  /** An acknowledgement the server confirms (a request, so it can be retried: the client's ackAck sends once only). */
  private async confirmAck(message: JsMsg): Promise<void> {
    const reply = (message as unknown as { reply?: string }).reply;
    if (!reply) throw new Error('a JetStream message without a reply subject cannot be acknowledged');
    await this.nc.request(reply, ACK, { timeout: this.settings.requestTimeoutMs });
  }

  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.interruptWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
