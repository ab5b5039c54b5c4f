import type { ConsumeOptions, OutgoingMessage } from './integration-bus.port';

/** A message, topic or group the transports cannot carry as given: names the field and the rule, stores nothing. */
export class InvalidMessageError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

// One token of a NATS subject, a Kafka topic name and a JetStream stream or consumer name all accept these.
const NAME = /^[A-Za-z0-9_-]{1,100}$/;
const MESSAGE_ID = /^[\x21-\x7e]{1,200}$/;
const HEADER_NAME = /^[A-Za-z0-9_-]{1,100}$/;
/** Headers the adapters set themselves (NATS's own, and the id header of the Kafka adapter). */
const RESERVED_HEADER = /^(nats-|bus-)/i;

export function checkName(field: 'topic' | 'group', value: string): void {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new InvalidMessageError(field, 'name', `${field} must be 1-100 characters of A-Z, a-z, 0-9, _ and -`);
  }
}

export function checkConsumeOptions(topic: string, options: ConsumeOptions): void {
  checkName('topic', topic);
  checkName('group', options.group);
  if (options.ackTimeoutMs !== undefined && (!Number.isInteger(options.ackTimeoutMs) || options.ackTimeoutMs < 1_000)) {
    throw new InvalidMessageError('ackTimeoutMs', 'min', 'ackTimeoutMs must be a whole number of milliseconds >= 1000');
  }
}

/** Checks a whole batch before anything of it is sent, so that a bad message sends nothing. */
export function checkOutgoing(topic: string, messages: readonly OutgoingMessage[]): void {
  checkName('topic', topic);
  messages.forEach((message, index) => {
    const at = `messages[${index}]`;
    if (typeof message.key !== 'string' || !NAME.test(message.key)) {
      throw new InvalidMessageError(`${at}.key`, 'name', `${at}.key must be 1-100 characters of A-Z, a-z, 0-9, _ and -`);
    }
    if (typeof message.id !== 'string' || !MESSAGE_ID.test(message.id)) {
      throw new InvalidMessageError(`${at}.id`, 'messageId', `${at}.id must be 1-200 printable ASCII characters without spaces`);
    }
    if (!(message.value instanceof Uint8Array)) {
      throw new InvalidMessageError(`${at}.value`, 'bytes', `${at}.value must be a Uint8Array`);
    }
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (!HEADER_NAME.test(name) || RESERVED_HEADER.test(name)) {
        throw new InvalidMessageError(
          `${at}.headers`,
          'headerName',
          `${at}.headers: a header name must be 1-100 characters of A-Z, a-z, 0-9, _ and - and not start with nats- or bus-`,
        );
      }
      if (typeof value !== 'string' || /[\r\n]/.test(value)) {
        throw new InvalidMessageError(`${at}.headers.${name}`, 'headerValue', `${at}.headers.${name} must be a string without line breaks`);
      }
    }
  });
}
