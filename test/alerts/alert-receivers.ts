import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import type { CaseEventRequest } from '@tillidsbarometer/domain';
import type { Product } from '../support/product';

/** One POST a webhook receiver got: the raw body as sent, and whether its signature held under the secret. */
export interface ReceivedWebhook {
  notificationId: string;
  signature: string;
  signatureValid: boolean;
  raw: string;
  alerts: Array<{ key: string; code: string; kommune: string; status: string; raisedAt: string; clearedAt?: string; caseId?: string }>;
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The first received POSTs are answered with these statuses in turn, then 200. */
  failNext(statuses: number[]): void;
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on a free port. It checks each signature itself, independently of the product's code:
 * the hex HMAC-SHA256 of the raw body bytes under the secret, as CONTRACT.md section 6 defines it.
 */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signature = header(request.headers, 'x-signature');
      const expected = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
      const status = answers.shift() ?? 200;
      received.push({
        notificationId: header(request.headers, 'x-notification-id'),
        signature,
        signatureValid: signature === expected,
        raw: raw.toString('utf8'),
        alerts: (JSON.parse(raw.toString('utf8')) as { alerts: ReceivedWebhook['alerts'] }).alerts,
        answered: status,
      });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks/${randomUUID()}`,
    received,
    failNext: (statuses) => answers.push(...statuses),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return typeof value === 'string' ? value : '';
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server (the smtp-server package) on a free port, keeping every message it accepts. */
export async function startSmtpServer(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Waits until `check` returns something truthy, polling; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const DAY_MS = 86_400_000;

/**
 * Events that raise HELP_NOT_STARTED at once when stored (an event-driven flag): help granted with a planned
 * start 40 days ago, so its due date (plannedStart + 14 days) has passed when the decision is made.
 */
export function grantedLate(caseId: string, kommune = '101', decidedAt = Date.now() - 2_000): CaseEventRequest[] {
  const plannedStart = new Date(decidedAt - 40 * DAY_MS).toISOString().slice(0, 10);
  return [
    event('HelpRequested', caseId, kommune, decidedAt - 60 * DAY_MS, {
      citizenId: `cit-${caseId}`,
      area: 'NO-DEADLINE',
      department: 'adult_disability',
      channel: 'written',
    }),
    event('DecisionMade', caseId, kommune, decidedAt, {
      decisionId: `${caseId}-D1`,
      outcome: 'granted',
      writtenReasons: true,
      complaintGuidance: true,
      plannedStart,
      decidedBy: 'caseworker',
    }),
  ];
}

export function helpDelivered(caseId: string, kommune = '101', startedAt = Date.now() - 1_000): CaseEventRequest {
  return event('HelpDelivered', caseId, kommune, startedAt, { decisionId: `${caseId}-D1` });
}

export function event(type: string, caseId: string, kommune: string, occurredAt: number, data: object): CaseEventRequest {
  return { eventId: randomUUID(), type, kommune, caseId, occurredAt: new Date(occurredAt).toISOString(), data } as CaseEventRequest;
}

/** Posts events as the kommune's case system would (admin token: any kommune), and insists they were stored. */
export async function postEvents(product: Product, events: CaseEventRequest[]): Promise<number> {
  const answer = await product.request('POST', '/api/v1/events', { token: await product.token('admin'), body: events });
  const results = answer.body as Array<{ status: string }>;
  if (answer.status !== 200 || !Array.isArray(results) || results.some((r) => r.status !== 'stored')) {
    throw new Error(`events not stored: ${answer.status} ${answer.text}`);
  }
  return Date.now();
}
