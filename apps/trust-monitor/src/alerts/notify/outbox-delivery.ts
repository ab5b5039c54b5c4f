import { Logger } from '@nestjs/common';
import type { SqlClient } from '@tillidsbarometer/event-store';
import { createTransport, type Transporter } from 'nodemailer';
import type { AlertingConfig } from '../alerting-config';
import type { NotifiedAlert } from '../alert-view';
import { renderAlertEmail } from './alert-email';
import { webhookSignature } from './webhook-signature';

/** A queued notification with where it goes. */
export interface OutboxEntry {
  id: string;
  subscription_id: string;
  kommune: string;
  created_at: Date;
  body: string;
  attempts: number;
  webhook_url: string | null;
  secret: string | null;
  email: string | null;
}

export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

/**
 * Sends the outbox: each subscription's notifications in the order they were queued (a failing one holds back
 * the later ones of that subscription, so a receiver never hears `resolved` before `firing`), retried with
 * exponential backoff, given up (and recorded as failed) when still undelivered a day after it was queued.
 *
 * At least once, never silently lost: a notification is recorded as sent only after its receiver accepted it,
 * so a crash between the two sends it once more, with the same id (X-Notification-Id, the e-mail's Message-ID)
 * and the same bytes, and that one notification is the only possible repeat.
 */
export class OutboxDelivery {
  private readonly logger = new Logger('AlertDelivery');
  private mailer: Transporter | undefined;
  private sends = 0;

  constructor(private readonly config: AlertingConfig) {}

  /** The oldest undelivered notification of each subscription, where it is due. */
  async dueHeads(client: SqlClient, now: Date, limit = 20): Promise<OutboxEntry[]> {
    const { rows } = await client.query<OutboxEntry>(
      `SELECT o.id, o.subscription_id, o.kommune, o.created_at, o.body, o.attempts, s.webhook_url, s.secret, s.email
       FROM alerting.outbox o JOIN alerting.subscriptions s ON s.id = o.subscription_id
       WHERE o.status = 'pending' AND o.next_attempt_at <= $1
         AND NOT EXISTS (SELECT 1 FROM alerting.outbox e WHERE e.subscription_id = o.subscription_id AND e.status = 'pending' AND e.seq < o.seq)
       ORDER BY o.seq LIMIT $2`,
      [now, limit],
    );
    return rows;
  }

  async nextAttempt(client: SqlClient): Promise<number | undefined> {
    const { rows } = await client.query<{ next: Date | null }>(
      `SELECT min(next_attempt_at) AS next FROM alerting.outbox WHERE status = 'pending'`,
    );
    return rows[0]?.next?.getTime();
  }

  async send(entry: OutboxEntry): Promise<DeliveryOutcome> {
    try {
      if (entry.webhook_url) await this.post(entry);
      else await this.mail(entry);
      this.sends += 1;
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message.slice(0, 500) : String(error) };
    }
  }

  /** Records an attempt; a success as sent, a failure for another try later, or as given up. */
  async record(client: SqlClient, entry: OutboxEntry, outcome: DeliveryOutcome, now: Date): Promise<void> {
    const attempts = entry.attempts + 1;
    if (outcome.ok) {
      await client.query(
        `UPDATE alerting.outbox SET status = 'sent', attempts = $2, last_attempt_at = $3, sent_at = $3, last_error = NULL WHERE id = $1`,
        [entry.id, attempts, now],
      );
      return;
    }
    const giveUpAt = entry.created_at.getTime() + this.config.giveUpAfterMs;
    const backoff = Math.min(this.config.retryInitialMs * 2 ** (attempts - 1), this.config.retryMaxMs);
    const failed = now.getTime() >= giveUpAt;
    // The last try is at the give-up moment itself, so a receiver that is back by then still gets it.
    const next = new Date(Math.min(now.getTime() + backoff, giveUpAt));
    await client.query(
      `UPDATE alerting.outbox SET status = $2, attempts = $3, last_attempt_at = $4, last_error = $5, next_attempt_at = $6 WHERE id = $1`,
      [entry.id, failed ? 'failed' : 'pending', attempts, now, outcome.error, next],
    );
    if (failed) this.logger.error(`notification ${entry.id} given up after ${attempts} attempts: ${outcome.error}`);
  }

  /**
   * The test hook of ALERTING_TEST_HOLD_AFTER_SENDS: once this process has sent that many notifications, it
   * never records the last one, so a test can kill it exactly between a send and its record.
   */
  async holdIfTesting(entry: OutboxEntry): Promise<void> {
    if (this.config.testHoldAfterSends === undefined || this.sends < this.config.testHoldAfterSends) return;
    this.logger.warn(`test hook: holding notification ${entry.id} between its send and its record`);
    await new Promise<never>(() => undefined);
  }

  private async post(entry: OutboxEntry): Promise<void> {
    const response = await fetch(entry.webhook_url!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': webhookSignature(entry.body, entry.secret ?? ''),
        'x-notification-id': entry.id,
        'user-agent': 'Tillidsbarometer-Alerting/1',
      },
      body: entry.body,
      redirect: 'error',
      signal: AbortSignal.timeout(this.config.webhookTimeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new Error(`the receiver answered ${response.status}`);
  }

  private async mail(entry: OutboxEntry): Promise<void> {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not configured');
    this.mailer ??= createTransport(this.config.smtpUrl);
    const { alerts } = JSON.parse(entry.body) as { alerts: NotifiedAlert[] };
    const { subject, text } = renderAlertEmail(entry.kommune, alerts, entry.id);
    await this.mailer.sendMail({
      from: this.config.mailFrom,
      to: entry.email!,
      subject,
      text,
      messageId: `<${entry.id}@tillidsbarometer>`,
      headers: { 'X-Notification-Id': entry.id },
    });
  }

  close(): void {
    this.mailer?.close();
  }
}
